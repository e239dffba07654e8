"""Imports as room bookings: each event matched to a room by its LOCATION, each occurrence booked
through booking_create (its rules and conflict check: a conflict is reported, never double-booked),
idempotent re-imports, the coordination only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from calendar_sync.importing import ImportRefused, import_bookings
from calendar_sync.importing.to_bookings import RoomMatcher
from calendar_sync.models import Booking, BookingLog
from intranet.errors import NotAllowed

from .factories import BookingFactory, LibraryFactory, RoomFactory
from .test_imports_calendar import ics

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def vevent(uid, title, start, end, location, extra=""):
    lines = [f"UID:{uid}", f"SUMMARY:{title}", f"DTSTART;TZID=Europe/Paris:{start}",
             f"DTEND;TZID=Europe/Paris:{end}", f"LOCATION:{location}", *extra.split("\n")]
    return "\n".join(line for line in lines if line)


@pytest.fixture
def agenda(room):
    """Thursday 12 March 10:00 in the room; Friday 13 March 14:00 where a booking already is; a place
    that is no room; three Tuesdays 14:00 (17, 24 March; 31 March is after the change to summer time)."""
    place = "Salle de réunion, Médiathèque de Plouvenec"
    return ics(
        vevent("a@old", "Comité de lecture", "20260312T100000", "20260312T110000", place),
        vevent("b@old", "Formation catalogue", "20260313T140000", "20260313T160000", place),
        vevent("c@old", "Pique-nique", "20260314T120000", "20260314T130000", "Jardin public"),
        vevent("d@old", "Atelier tablettes", "20260317T140000", "20260317T150000", "Salle de réunion",
               "RRULE:FREQ=WEEKLY;COUNT=3"),
    )


@pytest.fixture
def taken(room, colleague):
    return BookingFactory(room=room, organizer=colleague, title="Réunion d'équipe", start=paris(2026, 3, 13, 15),
                          end=paris(2026, 3, 13, 17))


def test_bookings_import_reports_the_conflict_and_never_double_books(agenda, room, taken, coordinator):
    report = import_bookings(data=agenda, by=coordinator)
    assert report.new == 4
    booked = Booking.objects.exclude(pk=taken.pk).order_by("start")
    assert [(booking.title, booking.start) for booking in booked] == [
        ("Comité de lecture", paris(2026, 3, 12, 10)),
        ("Atelier tablettes", paris(2026, 3, 17, 14)),
        ("Atelier tablettes", paris(2026, 3, 24, 14)),
        ("Atelier tablettes", paris(2026, 3, 31, 14)),
    ]
    assert all(booking.organizer == coordinator and booking.room == room for booking in booked)
    assert booked[0].ical_uid == "a@old"
    assert booked[1].ical_uid == "d@old#20260317T130000Z"
    assert [(c.label, c.blocking) for c in report.conflicts] == [
        ("« Formation catalogue » (13/03/2026 14:00) — Salle de réunion (Médiathèque de Plouvenec)",
         "Réunion d'équipe")]
    assert [item.reason for item in report.skipped_items] == ["Aucune salle ne correspond au lieu « Jardin public »."]
    assert report.skipped == 2
    assert Booking.objects.filter(room=room, start__lt=paris(2026, 3, 13, 16), end__gt=paris(2026, 3, 13, 14)
                                  ).count() == 1
    assert BookingLog.objects.filter(booking__in=booked).count() == 4


def test_reimporting_bookings_finds_them(agenda, room, coordinator):
    import_bookings(data=agenda, by=coordinator)
    again = import_bookings(data=agenda, by=coordinator)
    assert (again.new, again.unchanged, again.conflicts) == (0, 5, [])
    assert Booking.objects.count() == 5


def test_a_cancelled_event_cancels_its_booking(room, coordinator):
    place = "Salle de réunion"
    import_bookings(data=ics(vevent("a@old", "Comité", "20260312T100000", "20260312T110000", place)), by=coordinator)
    report = import_bookings(data=ics(vevent("a@old", "Comité", "20260312T100000", "20260312T110000", place,
                                             "STATUS:CANCELLED\nSEQUENCE:1")), by=coordinator)
    assert report.cancelled == 1
    assert Booking.objects.get().status == "cancelled"


def test_booking_rules_apply_to_imported_events(room, coordinator):
    data = ics(vevent("late@old", "Soirée", "20260312T200000", "20260312T220000", "Salle de réunion"),
               vevent("past@old", "Passé", "20260302T100000", "20260302T110000", "Salle de réunion"))
    report = import_bookings(data=data, by=coordinator)
    assert report.new == 0
    assert sorted(item.reason for item in report.skipped_items) == [
        "Cet horaire est déjà passé.", "Cette salle peut être réservée entre 08:30 et 19:00."]
    assert not Booking.objects.exists()


def test_dry_run_books_nothing(agenda, room, coordinator):
    report = import_bookings(data=agenda, by=coordinator, dry_run=True)
    assert report.new == 5 and report.dry_run
    assert not Booking.objects.exists()


def test_only_the_coordination_imports_bookings(agenda, room, organizer):
    with pytest.raises(NotAllowed):
        import_bookings(data=agenda, by=organizer)
    assert not Booking.objects.exists()


def test_a_refused_file_books_nothing(room, coordinator):
    data = ics(vevent("a@old", "Comité", "20260312T100000", "20260312T110000", "Salle de réunion"),
               "UID:x\nSUMMARY:Tous les jours\nDTSTART:20260312T100000Z\nRRULE:FREQ=SECONDLY")
    with pytest.raises(ImportRefused):
        import_bookings(data=data, by=coordinator)
    assert not Booking.objects.exists()


def test_room_matcher_reads_the_usual_forms_and_refuses_ambiguous_names(room, library):
    other = RoomFactory(name="Salle de réunion", slug="salle-kerlann",
                        library=LibraryFactory(name="Médiathèque de Kerlann"))
    matcher = RoomMatcher()
    assert matcher.match("salle de REUNION, Médiathèque de Plouvenec") == (room, "")
    assert matcher.match("Salle de réunion (Médiathèque de Kerlann)") == (other, "")
    assert matcher.match("Salle de réunion - Médiathèque de Kerlann") == (other, "")
    found, reason = matcher.match("Salle de réunion")
    assert found is None and "Plusieurs médiathèques" in reason
