"""Imports into a network calendar: the Google sample read back through the agenda's expansion at
the right local times, idempotent re-imports, updates only from newer versions, cancellations and
pruning (what subscriptions use), all or nothing."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calendar_sync.expansion import expand
from calendar_sync.importing import ImportRefused, import_into_calendar
from calendar_sync.models import AgendaEvent
from calendar_sync.sources import agenda_event
from intranet.errors import NotAllowed
from intranet.roles import Role

from .factories import AgendaEventFactory, NetworkCalendarFactory

PARIS = ZoneInfo("Europe/Paris")
ICS = Path(__file__).parent / "ics"
pytestmark = pytest.mark.django_db


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def ics(*events: str, head: str = "") -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{head}{body}END:VCALENDAR\r\n"
    return text.replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode()


def event(uid="evt-1@test", title="Conte", start="20260320T100000Z", end="20260320T110000Z", extra="") -> str:
    lines = [f"UID:{uid}", f"SUMMARY:{title}", f"DTSTART:{start}", f"DTEND:{end}", "DTSTAMP:20260301T090000Z"]
    return "\n".join(lines + [line for line in extra.strip().splitlines() if line])


@pytest.fixture
def calendar():
    return NetworkCalendarFactory(name="Actions culturelles", slug="actions-culturelles")


def occurrences(calendar):
    start, end = paris(2026, 3, 1), paris(2026, 5, 1)
    events = [agenda_event(row) for row in AgendaEvent.objects.filter(calendar=calendar).select_related("calendar")]
    return [(item.title, item.start.astimezone(PARIS)) for item in expand(events, start, end)]


def test_google_export_reads_back_at_the_right_local_times_across_dst(calendar):
    report = import_into_calendar(calendar=calendar, data=(ICS / "google.ics").read_bytes(), source="imported")
    assert (report.new, report.updated, report.skipped) == (4, 0, 0)
    assert occurrences(calendar) == [
        ("Atelier numérique", paris(2026, 3, 17, 14)),
        ("Atelier numérique", paris(2026, 3, 24, 14)),
        ("Rencontre d'autrice", paris(2026, 3, 25, 18)),
        # Summer time from 29 March: still 14:00 (and the override moved to 15:00), 7 April excluded.
        ("Atelier numérique (décalé)", paris(2026, 3, 31, 15)),
        ("Week-end du Printemps des poètes", paris(2026, 4, 4, 0)),
        ("Atelier numérique", paris(2026, 4, 14, 14)),
        ("Atelier numérique", paris(2026, 4, 21, 14)),
    ]
    master = AgendaEvent.objects.get(uid="atelier-numerique-2026@google.com", recurrence_id__isnull=True)
    assert master.repeats_until == paris(2026, 4, 21, 16)
    assert master.source == "imported"
    assert "<script" not in master.description and "alert" not in master.description
    assert "<b>Inscription conseillée</b>" in master.description
    all_day = AgendaEvent.objects.get(uid="printemps-des-poetes-2026@google.com")
    assert all_day.all_day and all_day.end == paris(2026, 4, 6)


def test_reimporting_the_same_file_changes_nothing(calendar):
    data = (ICS / "google.ics").read_bytes()
    import_into_calendar(calendar=calendar, data=data, source="imported")
    before = list(AgendaEvent.objects.order_by("pk").values_list("pk", "updated_at"))
    again = import_into_calendar(calendar=calendar, data=data, source="imported")
    assert (again.new, again.updated, again.unchanged, again.skipped) == (0, 0, 4, 0)
    assert list(AgendaEvent.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_an_event_without_uid_gets_a_stable_one(calendar):
    data = ics("SUMMARY:Sans UID\nDTSTART:20260320T100000Z\nDTEND:20260320T110000Z")
    assert import_into_calendar(calendar=calendar, data=data, source="imported").new == 1
    assert import_into_calendar(calendar=calendar, data=data, source="imported").unchanged == 1
    assert AgendaEvent.objects.get().uid.startswith("import-")


def test_update_needs_a_higher_sequence_or_a_later_last_modified(calendar):
    import_into_calendar(calendar=calendar, data=ics(event(extra="SEQUENCE:1")), source="imported")
    same_version = import_into_calendar(calendar=calendar, data=ics(event(title="Conte modifié", extra="SEQUENCE:1")),
                                        source="imported")
    assert (same_version.updated, same_version.skipped) == (0, 1)
    assert "SEQUENCE 1" in same_version.skipped_items[0].reason
    assert AgendaEvent.objects.get().title == "Conte"
    newer = import_into_calendar(calendar=calendar, data=ics(event(title="Conte modifié", extra="SEQUENCE:2")),
                                 source="imported")
    assert newer.updated == 1 and AgendaEvent.objects.get().title == "Conte modifié"
    assert AgendaEvent.objects.get().sequence == 2
    later = import_into_calendar(calendar=calendar, data=ics(event(title="Conte du soir", extra="SEQUENCE:2\n"
                                                                    "LAST-MODIFIED:20260305T100000Z")),
                                 source="imported")
    assert later.updated == 1
    row = AgendaEvent.objects.get()
    assert (row.title, row.remote_last_modified) == ("Conte du soir", dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC))


def test_status_cancelled_cancels_the_event(calendar):
    import_into_calendar(calendar=calendar, data=ics(event()), source="imported")
    report = import_into_calendar(calendar=calendar, data=ics(event(extra="SEQUENCE:1\nSTATUS:CANCELLED")),
                                  source="imported")
    assert report.cancelled == 1
    row = AgendaEvent.objects.get()
    assert row.status == "CANCELLED" and row.cancelled_at is not None


def test_prune_missing_cancels_events_of_that_source_gone_from_the_data(calendar):
    manual = AgendaEventFactory(calendar=calendar, start=paris(2026, 3, 20, 10), uid="manual@test")
    two = ics(event(), event(uid="evt-2@test", title="Lecture"))
    import_into_calendar(calendar=calendar, data=two, source="subscribed")
    report = import_into_calendar(calendar=calendar, data=ics(event()), source="subscribed", prune_missing=True)
    assert (report.unchanged, report.cancelled) == (1, 1)
    assert AgendaEvent.objects.get(uid="evt-2@test").status == "CANCELLED"
    manual.refresh_from_db()
    assert manual.status == "CONFIRMED"


def test_dry_run_writes_nothing(calendar):
    report = import_into_calendar(calendar=calendar, data=(ICS / "google.ics").read_bytes(), source="imported",
                                  dry_run=True)
    assert report.new == 4 and report.dry_run
    assert not AgendaEvent.objects.exists()


def test_refused_file_writes_nothing(calendar):
    data = ics(event(), "UID:bad@test\nSUMMARY:Cassé\nDTSTART:2026-03-20\nDTEND:20260320T110000Z")
    with pytest.raises(ImportRefused) as refused:
        import_into_calendar(calendar=calendar, data=data, source="imported")
    assert "Cassé" in refused.value.message and "DTSTART" in refused.value.message
    assert not AgendaEvent.objects.exists()


def test_only_the_coordination_imports(calendar, member):
    with pytest.raises(NotAllowed):
        import_into_calendar(calendar=calendar, data=ics(event()), source="imported", by=member(Role.STAFF))
    report = import_into_calendar(calendar=calendar, data=ics(event()), source="imported",
                                  by=member(Role.COORDINATION))
    assert report.new == 1
