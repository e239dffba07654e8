"""Writes of the network agenda's events by the coordination: rules, cleaning of the HTML, the
iCalendar sequence and the recurrence entered on the site."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from calendar_sync.agenda import services
from calendar_sync.agenda.services import Repeat
from calendar_sync.events import CalendarEvent
from calendar_sync.expansion import occurrence_starts
from calendar_sync.models import AgendaEvent, EventStatus
from intranet.errors import NotAllowed, Refused
from intranet.roles import Role

from .factories import AgendaEventFactory, NetworkCalendarFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def calendar(db):
    return NetworkCalendarFactory(name="Actions culturelles", audience="network")


@pytest.fixture
def coordination(account):
    return account(Role.COORDINATION)


def create(by, calendar, **fields):
    values = {"title": "Heure du conte", "start": paris(2026, 3, 18, 15), "end": paris(2026, 3, 18, 16), **fields}
    return services.agenda_event_create(by=by, calendar=calendar, **values)


def test_the_coordination_adds_an_event_with_its_description_cleaned(coordination, calendar):
    event = create(coordination, calendar,
                   description='<p onclick="x()">Entrée <b>libre</b></p><script>alert(1)</script>')

    event.refresh_from_db()
    assert event.title == "Heure du conte"
    assert event.description == "<p>Entrée <b>libre</b></p>&lt;script&gt;alert(1)&lt;/script&gt;"
    assert event.sequence == 0 and event.source == "manual" and event.created_by == coordination.person
    assert event.repeats_until is None


@pytest.mark.parametrize("role", [Role.STAFF, Role.REFERENTS, Role.VOLUNTEERS, Role.ELECTED])
def test_other_roles_may_not_add_events(account, calendar, role):
    with pytest.raises(NotAllowed):
        create(account(role), calendar)
    assert not AgendaEvent.objects.exists()


def test_an_end_before_the_start_is_refused_on_the_end(coordination, calendar):
    with pytest.raises(Refused) as refused:
        create(coordination, calendar, end=paris(2026, 3, 18, 14))
    assert refused.value.field == "end"
    assert str(refused.value.message) == "La fin doit venir après le début."
    assert not AgendaEvent.objects.exists()


def test_an_all_day_event_runs_from_local_midnight_to_the_midnight_after_its_last_day(coordination, calendar):
    event = create(coordination, calendar, all_day=True, start=paris(2026, 3, 28, 10), end=paris(2026, 3, 29, 18))
    # Summer time starts on 29 March: the end is still a local midnight.
    assert event.start == paris(2026, 3, 28) and event.end == paris(2026, 3, 30)
    assert event.end.astimezone(dt.UTC).hour == 22


def test_a_weekly_repetition_with_a_count_is_stored_as_an_rrule_with_its_end(coordination, calendar):
    event = create(coordination, calendar, repeat=Repeat(frequency="weekly", count=4))

    assert event.rrule == "FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=WE;COUNT=4"
    assert event.repeats_until == paris(2026, 4, 8, 16)  # four Wednesdays, the last after the DST change


def test_a_monthly_repetition_until_a_date_gives_the_dates_of_that_month_day(coordination, calendar):
    event = create(coordination, calendar, repeat=Repeat(frequency="monthly", until=dt.date(2026, 6, 30)))
    probe = CalendarEvent(uid="x", title="", start=event.start, end=event.end, rrule=event.rrule)

    starts = occurrence_starts(probe, until=paris(2027, 1, 1), limit=50)
    assert [start.date() for start in starts] == [dt.date(2026, month, 18) for month in (3, 4, 5, 6)]
    assert all(start.hour == 15 for start in starts)


@pytest.mark.parametrize(("repeat", "field"), [
    (Repeat(frequency="weekly"), "until"),  # no end
    (Repeat(frequency="daily", until=dt.date(2030, 1, 1)), "until"),  # beyond the horizon
    (Repeat(frequency="daily", count=5000), "count"),
    (Repeat(frequency="weekly", until=dt.date(2026, 3, 1)), "until"),  # before the first occurrence
    (Repeat(frequency="weekly", until=dt.date(2026, 5, 1), count=3), "count"),
    (Repeat(frequency="yearly", count=3), "frequency"),
])
def test_a_repetition_without_an_end_or_too_long_is_refused(coordination, calendar, repeat, field):
    with pytest.raises(Refused) as refused:
        create(coordination, calendar, repeat=repeat)
    assert refused.value.field == field
    assert not AgendaEvent.objects.exists()


def test_every_change_raises_the_sequence_and_the_update_time(coordination, calendar, clock):
    event = create(coordination, calendar)
    clock.shift(hours=1)

    changed = services.agenda_event_update(by=coordination, event=event, title="Heure du conte (déplacée)",
                                           start=paris(2026, 3, 19, 15), end=paris(2026, 3, 19, 16),
                                           description="<p>Nouvelle <em>date</em></p><img src=x>")

    changed.refresh_from_db()
    assert changed.sequence == 1 and changed.updated_at > event.updated_at
    assert changed.title == "Heure du conte (déplacée)" and changed.start == paris(2026, 3, 19, 15)
    assert "<img" not in changed.description and "<em>date</em>" in changed.description
    services.agenda_event_update(by=coordination, event=changed, title="Encore", start=changed.start, end=changed.end)
    assert AgendaEvent.objects.get().sequence == 2


def test_an_update_without_repeat_keeps_the_rule_and_moves_repeats_until(coordination, calendar):
    event = create(coordination, calendar, repeat=Repeat(frequency="weekly", count=2))
    changed = services.agenda_event_update(by=coordination, event=event, title=event.title,
                                           start=paris(2026, 3, 18, 17), end=paris(2026, 3, 18, 18))
    assert changed.rrule == event.rrule
    assert changed.repeats_until == paris(2026, 3, 25, 18)


def test_a_changed_occurrence_cannot_be_made_recurring(coordination, calendar):
    master = AgendaEventFactory(calendar=calendar, start=paris(2026, 3, 17, 14), rrule="FREQ=WEEKLY;COUNT=4")
    override = AgendaEventFactory(calendar=calendar, uid=master.uid, recurrence_id=paris(2026, 3, 24, 14),
                                  start=paris(2026, 3, 25, 14))
    with pytest.raises(Refused) as refused:
        services.agenda_event_update(by=coordination, event=override, title="x", start=override.start,
                                     end=override.end, repeat=Repeat(frequency="weekly", count=2))
    assert refused.value.field == "frequency"
    assert AgendaEvent.objects.get(pk=override.pk).rrule == ""


def test_staff_may_not_change_an_event(account, coordination, calendar):
    event = create(coordination, calendar)
    with pytest.raises(NotAllowed):
        services.agenda_event_update(by=account(Role.STAFF), event=event, title="Piraté", start=event.start,
                                     end=event.end)
    assert AgendaEvent.objects.get().title == "Heure du conte"


def test_cancelling_dates_the_cancellation_and_raises_the_sequence(coordination, calendar):
    event = create(coordination, calendar)

    services.agenda_event_cancel(by=coordination, event=event)

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancelled_at is not None and event.sequence == 1
    with pytest.raises(Refused):
        services.agenda_event_cancel(by=coordination, event=event)
    with pytest.raises(Refused):
        services.agenda_event_update(by=coordination, event=event, title="x", start=event.start, end=event.end)
    assert AgendaEvent.objects.get().sequence == 1
