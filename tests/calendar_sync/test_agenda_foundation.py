"""The agenda's foundation: expanding recurring events, writing feeds that calendar apps (and
icalendar + recurring-ical-events, standing in for them) read back as the same occurrences, and who
reads which network calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from calendar_sync.events import CalendarEvent
from calendar_sync.expansion import expand, last_end
from calendar_sync.feed_writer import feed_document, fold
from calendar_sync.models import AgendaEvent
from calendar_sync.permissions import calendars_readable_by
from calendar_sync.sources import agenda_event
from intranet.roles import Role

from .factories import AgendaEventFactory, NetworkCalendarFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def weekly_across_dst() -> list[CalendarEvent]:
    """Tuesdays 14:00–16:00 from 17 March to 7 April 2026 (summer time starts on 29 March), the
    24th excluded and the 31st moved to Wednesday 1 April 10:00."""
    master = CalendarEvent(uid="series@test", title="Atelier", start=paris(2026, 3, 17, 14), end=paris(2026, 3, 17, 16),
                           rrule="FREQ=WEEKLY;UNTIL=20260407T120000Z", exdates=(paris(2026, 3, 24, 14),))
    moved = CalendarEvent(uid="series@test", title="Atelier (déplacé)", start=paris(2026, 4, 1, 10),
                          end=paris(2026, 4, 1, 11), recurrence_id=paris(2026, 3, 31, 14), sequence=1)
    return [master, moved]


def test_expand_keeps_wall_clock_time_across_dst_and_applies_exdate_and_override():
    shown = expand(weekly_across_dst(), paris(2026, 3, 1), paris(2026, 5, 1))
    assert [(event.title, event.start) for event in shown] == [
        ("Atelier", paris(2026, 3, 17, 14)), ("Atelier (déplacé)", paris(2026, 4, 1, 10)),
        ("Atelier", paris(2026, 4, 7, 14))]
    assert shown[-1].end - shown[-1].start == dt.timedelta(hours=2)


def test_expand_is_bounded_by_the_limit_whatever_the_rule():
    endless = CalendarEvent(uid="x", title="Sans fin", start=paris(2026, 1, 1, 9), end=paris(2026, 1, 1, 10),
                            rrule="FREQ=DAILY")
    assert len(expand([endless], paris(2026, 1, 1), paris(2030, 1, 1), limit=50)) == 50


def test_last_end_is_none_for_a_rule_without_end():
    assert last_end(start=paris(2026, 1, 1, 9), end=paris(2026, 1, 1, 10), rrule="FREQ=WEEKLY") is None
    assert last_end(start=paris(2026, 1, 1, 9), end=paris(2026, 1, 1, 10), rrule="FREQ=DAILY;COUNT=3") == \
        paris(2026, 1, 3, 10)


def _occurrences(document: str, start, end):
    calendar = icalendar.Calendar.from_ical(document)
    return [(str(event["SUMMARY"]), event["DTSTART"].dt, event["DTEND"].dt)
            for event in recurring_ical_events.of(calendar).between(start, end)]


def test_feed_read_back_gives_the_same_occurrences_across_dst():
    events = weekly_across_dst()
    document = feed_document(name="Agenda", events=events)
    expected = [(event.title, event.start, event.end) for event in expand(events, paris(2026, 3, 1), paris(2026, 5, 1))]
    assert _occurrences(document, paris(2026, 3, 1), paris(2026, 5, 1)) == expected


def test_feed_has_the_calendar_properties_apps_need_and_no_method():
    document = feed_document(name="Formations", events=weekly_across_dst())
    calendar = icalendar.Calendar.from_ical(document)
    assert str(calendar["X-WR-CALNAME"]) == "Formations"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in document and "X-PUBLISHED-TTL:PT1H\r\n" in document
    assert "METHOD" not in calendar
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"
    assert all(line.endswith("\r") or not line for line in document.split("\n"))


def test_all_day_events_are_written_as_dates():
    closure = CalendarEvent(uid="closed@test", title="Fermeture", start=paris(2026, 5, 1), end=paris(2026, 5, 3),
                            all_day=True)
    document = feed_document(name="Fermetures", events=[closure])
    assert "DTSTART;VALUE=DATE:20260501\r\n" in document and "DTEND;VALUE=DATE:20260503\r\n" in document
    assert _occurrences(document, paris(2026, 4, 1), paris(2026, 6, 1)) == [
        ("Fermeture", dt.date(2026, 5, 1), dt.date(2026, 5, 3))]


def test_single_events_are_in_utc_with_escaped_folded_text():
    title = "Réunion, préparation ; comité \\ " * 5
    single = CalendarEvent(uid="one@test", title=title, start=paris(2026, 3, 12, 9), end=paris(2026, 3, 12, 10))
    document = feed_document(name="A", events=[single])
    assert "DTSTART:20260312T080000Z\r\n" in document
    assert max(len(line.encode()) for line in document.split("\r\n")) <= 75
    assert str(icalendar.Calendar.from_ical(document).walk("VEVENT")[0]["SUMMARY"]) == title


def test_fold_never_cuts_a_character():
    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == line


@pytest.mark.django_db
def test_stored_recurring_event_reads_back_as_its_occurrences(clock):
    event = AgendaEventFactory(start=paris(2026, 3, 17, 14), end=paris(2026, 3, 17, 16), rrule="FREQ=WEEKLY;COUNT=4",
                               exdates=[paris(2026, 3, 24, 14).astimezone(dt.UTC).isoformat()])
    assert event.repeats_until == paris(2026, 4, 7, 16)
    assert AgendaEvent.objects.between(paris(2026, 4, 6), paris(2026, 4, 8)).get() == event
    assert not AgendaEvent.objects.between(paris(2026, 4, 8), paris(2026, 4, 9)).exists()
    shown = expand([agenda_event(event)], paris(2026, 3, 1), paris(2026, 5, 1))
    assert [occurrence.start for occurrence in shown] == [paris(2026, 3, 17, 14), paris(2026, 3, 31, 14),
                                                          paris(2026, 4, 7, 14)]


@pytest.mark.django_db
def test_calendars_readable_by_role(account):
    network = NetworkCalendarFactory(name="Fermetures", audience="network")
    staff = NetworkCalendarFactory(name="Formations", audience="staff")
    from django.contrib.auth.models import Group

    volunteers_only = NetworkCalendarFactory(name="Bénévoles", audience="groups",
                                             reader_groups=[Group.objects.get(name=Role.VOLUNTEERS.value)])
    NetworkCalendarFactory(name="Ancien", audience="network", active=False)
    readable = {role: set(calendars_readable_by(account(role))) for role in Role}
    assert readable[Role.ELECTED] == {network}
    assert readable[Role.VOLUNTEERS] == {network, volunteers_only}
    assert readable[Role.STAFF] == readable[Role.REFERENTS] == {network, staff}
    assert readable[Role.COORDINATION] == {network, staff, volunteers_only}
