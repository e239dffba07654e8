"""Every kind of feed, fetched without login through its token, parsed back with icalendar and
expanded with recurring-ical-events (standing in for calendar apps): the occurrences are exactly
the ones in the database, across the week clocks go forward (29 March 2026)."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.test import Client

from calendar_sync import services
from calendar_sync.feeds.bookings import series_uid
from calendar_sync.models import Booking, BookingStatus
from calendar_sync.recurrence import RecurrenceRule
from intranet.roles import Role

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory, RoomFactory, feed_url

PARIS = ZoneInfo("Europe/Paris")
PERIOD = (dt.datetime(2026, 1, 1, tzinfo=PARIS), dt.datetime(2027, 1, 1, tzinfo=PARIS))


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def fetch(url: str) -> tuple[str, icalendar.Calendar]:
    response = Client().get(url)  # no login: the token opens it
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    return text, icalendar.Calendar.from_ical(text)


def occurrences(calendar: icalendar.Calendar) -> set[tuple]:
    """(start, end, summary) of every occurrence that is not cancelled, as calendar apps show them."""
    found = recurring_ical_events.of(calendar).between(*PERIOD)
    return {(_moment(event.decoded("DTSTART")), _moment(event.decoded("DTEND")), str(event["SUMMARY"]))
            for event in found if str(event.get("STATUS", "")) != "CANCELLED"}


def _moment(value) -> dt.datetime:
    """A DATE (all-day) as its local midnight, as the database stores it."""
    if isinstance(value, dt.datetime):
        return value.astimezone(PARIS)
    return dt.datetime.combine(value, dt.time(0), tzinfo=PARIS)


def active_bookings(**filters) -> set[tuple]:
    return {(booking.start.astimezone(PARIS), booking.end.astimezone(PARIS), booking.title)
            for booking in Booking.objects.active().filter(**filters)}


@pytest.fixture
def tuesday_series(room, organizer):
    """Tuesdays 14:00–16:00 from 17 March to 21 April 2026: the 24th cancelled, the 31st (first
    week of summer time) moved to 15:00–17:00 and renamed, the 7 April moved to Wednesday 8."""
    rule = RecurrenceRule(frequency="weekly", first_date=dt.date(2026, 3, 17), start_time=dt.time(14),
                          end_time=dt.time(16), until=dt.date(2026, 4, 21))
    result = services.booking_series_create(room=room, organizer=organizer, title="Atelier numérique", rule=rule)
    by_day = {booking.start.astimezone(PARIS).date(): booking for booking in result.bookings}
    services.booking_cancel(booking=by_day[dt.date(2026, 3, 24)], by=organizer)
    services.booking_update(booking=by_day[dt.date(2026, 3, 31)], by=organizer, start=paris(2026, 3, 31, 15),
                            end=paris(2026, 3, 31, 17), title="Atelier numérique (salle pleine)")
    services.booking_update(booking=by_day[dt.date(2026, 4, 7)], by=organizer, start=paris(2026, 4, 8, 10),
                            end=paris(2026, 4, 8, 12))
    return result.series


def test_room_feed_gives_exactly_the_active_bookings_of_a_series_with_a_cancelled_and_moved_dates(
        room, organizer, tuesday_series):
    BookingFactory(room=room, organizer=organizer, title="Réunion d'équipe", start=paris(2026, 3, 12, 10),
                   end=paris(2026, 3, 12, 11))
    text, calendar = fetch(feed_url(organizer, "salle", room.slug))
    assert occurrences(calendar) == active_bookings(room=room)
    assert len(occurrences(calendar)) == 6  # five dates of the series left, and the single booking
    # One master with its rule, not a flood of copies; the cancelled date as an EXDATE.
    masters = [event for event in calendar.walk("VEVENT") if "RRULE" in event]
    assert len(masters) == 1 and str(masters[0]["UID"]) == series_uid(tuesday_series.pk)
    assert masters[0]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "EXDATE;TZID=Europe/Paris:20260324T140000" in text
    assert "RECURRENCE-ID;TZID=Europe/Paris:20260331T140000" in text
    # Moved to another day: the rule's date excluded, the booking an event of its own.
    assert "EXDATE;TZID=Europe/Paris:20260324T140000,20260407T140000" in text
    moved = Booking.objects.get(room=room, start=paris(2026, 4, 8, 10))
    assert f"UID:{moved.ical_uid}" in text
    # 14:00 stays 14:00 after the change to summer time (12:00 UTC instead of 13:00).
    assert (paris(2026, 4, 14, 14), paris(2026, 4, 14, 16), "Atelier numérique") in occurrences(calendar)


def test_a_booking_moved_off_the_rule_dates_is_an_event_of_its_own(room, organizer):
    rule = RecurrenceRule(frequency="weekly", first_date=dt.date(2026, 3, 17), start_time=dt.time(10),
                          end_time=dt.time(11), count=3)
    result = services.booking_series_create(room=room, organizer=organizer, title="Permanence", rule=rule)
    # Moved from Tuesday 24 to Thursday 26 (not a date of the rule).
    moved = services.booking_update(booking=result.bookings[1], by=organizer, start=paris(2026, 3, 26, 10),
                                    end=paris(2026, 3, 26, 11))[0]
    text, calendar = fetch(feed_url(organizer, "salle", room.slug))
    assert occurrences(calendar) == active_bookings(room=room)
    assert f"UID:{moved.ical_uid}" in text
    assert "EXDATE;TZID=Europe/Paris:20260324T100000" in text


def test_a_whole_series_changed_by_scope_all_keeps_one_rule_at_the_new_time(room, organizer):
    rule = RecurrenceRule(frequency="weekly", first_date=dt.date(2026, 3, 12), start_time=dt.time(10),
                          end_time=dt.time(11), count=4)
    result = services.booking_series_create(room=room, organizer=organizer, title="Club lecture", rule=rule)
    services.booking_update(booking=result.bookings[0], by=organizer, scope=services.Scope.ALL,
                            start=paris(2026, 3, 12, 11), end=paris(2026, 3, 12, 12))
    text, calendar = fetch(feed_url(organizer, "salle", room.slug))
    assert occurrences(calendar) == active_bookings(room=room)
    assert "RECURRENCE-ID" not in text and "EXDATE" not in text


def test_library_feed_holds_every_room_of_the_library_and_no_other(library, room, organizer, tuesday_series):
    other_room = RoomFactory(name="Auditorium", library=library)
    BookingFactory(room=other_room, organizer=organizer, title="Conférence", start=paris(2026, 3, 20, 18),
                   end=paris(2026, 3, 20, 19))
    elsewhere = RoomFactory(name="Salle d'ailleurs")
    BookingFactory(room=elsewhere, organizer=organizer, title="Ailleurs", start=paris(2026, 3, 20, 18),
                   end=paris(2026, 3, 20, 19))
    text, calendar = fetch(feed_url(organizer, "bibliotheque", library.slug))
    assert occurrences(calendar) == active_bookings(room__library=library)
    assert "Ailleurs" not in text


def test_personal_feed_holds_my_bookings_and_my_meetings_not_others(room, organizer, colleague, tuesday_series):
    from tests.governance.factories import BodyFactory, MeetingFactory, MembershipFactory

    body = BodyFactory(title="Comité technique")
    MembershipFactory(body=body, person=organizer)
    meeting = MeetingFactory(body=body, title="COTECH de printemps", start=paris(2026, 3, 26, 14),
                             end=paris(2026, 3, 26, 16))
    BookingFactory(room=room, organizer=colleague, title="Pas à moi", start=paris(2026, 3, 13, 10),
                   end=paris(2026, 3, 13, 11))
    text, calendar = fetch(feed_url(organizer))
    expected = active_bookings(organizer=organizer) | {
        (meeting.start, meeting.end, "Comité technique — COTECH de printemps")}
    assert occurrences(calendar) == expected
    assert "Pas à moi" not in text
    assert "X-WR-CALNAME:Mon agenda — Katell Morvan" in text


def test_network_calendar_feed_with_rule_exdate_override_and_all_day_events(organizer):
    calendar_row = NetworkCalendarFactory(name="Actions culturelles", audience="staff")
    AgendaEventFactory(calendar=calendar_row, uid="heure-du-conte@test", title="Heure du conte",
                       start=paris(2026, 3, 18, 10), end=paris(2026, 3, 18, 11),
                       rrule="FREQ=WEEKLY;COUNT=4", exdates=[paris(2026, 3, 25, 10).astimezone(dt.UTC).isoformat()])
    AgendaEventFactory(calendar=calendar_row, uid="heure-du-conte@test", title="Heure du conte (jardin)",
                       recurrence_id=paris(2026, 4, 1, 10), start=paris(2026, 4, 1, 15), end=paris(2026, 4, 1, 16))
    AgendaEventFactory(calendar=calendar_row, title="Fermeture", all_day=True, start=paris(2026, 4, 6),
                       end=paris(2026, 4, 7))
    text, calendar = fetch(feed_url(organizer, "agenda", calendar_row.slug))
    assert occurrences(calendar) == {
        (paris(2026, 3, 18, 10), paris(2026, 3, 18, 11), "Heure du conte"),
        (paris(2026, 4, 1, 15), paris(2026, 4, 1, 16), "Heure du conte (jardin)"),
        (paris(2026, 4, 8, 10), paris(2026, 4, 8, 11), "Heure du conte"),
        (paris(2026, 4, 6), paris(2026, 4, 7), "Fermeture"),
    }
    assert "DTSTART;VALUE=DATE:20260406" in text and "DTEND;VALUE=DATE:20260407" in text


def test_body_feed_holds_its_meetings(organizer, colleague):
    from tests.governance.factories import BodyFactory, MeetingFactory

    body = BodyFactory(title="Comité de pilotage", reading_rule="staff")
    MeetingFactory(body=body, title="COPIL", start=paris(2026, 3, 30, 9), end=paris(2026, 3, 30, 11))
    MeetingFactory(title="Autre instance", start=paris(2026, 3, 30, 14), end=paris(2026, 3, 30, 15))
    text, calendar = fetch(feed_url(colleague, "instance", body.slug))
    assert occurrences(calendar) == {(paris(2026, 3, 30, 9), paris(2026, 3, 30, 11), "Comité de pilotage — COPIL")}
    assert "X-WR-CALNAME:Comité de pilotage" in text


def test_rfc_details_of_a_feed(room, organizer, tuesday_series):
    BookingFactory(room=room, organizer=organizer, title="Très long titre " * 8, start=paris(2026, 3, 12, 10),
                   end=paris(2026, 3, 12, 11))
    text, calendar = fetch(feed_url(organizer, "salle", room.slug))
    lines = text.split("\r\n")
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long title was folded
    assert "METHOD" not in text
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    assert "X-WR-CALNAME:Salle de réunion (Médiathèque de Plouvenec)" in text
    assert "BEGIN:VTIMEZONE" in text
    for event in calendar.walk("VEVENT"):
        assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
        assert "SEQUENCE" in event and "LAST-MODIFIED" in event and "UID" in event
    master = next(event for event in calendar.walk("VEVENT") if "RRULE" in event)
    assert master["SEQUENCE"] >= 1  # its bookings were changed


def test_a_cancelled_booking_stays_seven_days_as_cancelled_then_is_gone(clock, room, organizer):
    booking = services.booking_create(room=room, organizer=organizer, title="Annulée", start=paris(2026, 3, 20, 10),
                                      end=paris(2026, 3, 20, 11))
    services.booking_cancel(booking=booking, by=organizer)
    url = feed_url(organizer, "salle", room.slug)
    _text, calendar = fetch(url)
    cancelled = [event for event in calendar.walk("VEVENT") if str(event["UID"]) == booking.ical_uid]
    assert len(cancelled) == 1 and str(cancelled[0]["STATUS"]) == "CANCELLED"
    clock.shift(days=6, hours=23)
    assert booking.ical_uid in fetch(url)[0]
    clock.shift(hours=2)
    assert booking.ical_uid not in fetch(url)[0]


def test_a_cancelled_network_event_stays_seven_days_then_is_gone(clock, organizer):
    calendar_row = NetworkCalendarFactory(audience="network")
    event = AgendaEventFactory(calendar=calendar_row, title="Spectacle annulé", status="CANCELLED",
                               cancelled_at=paris(2026, 3, 10, 8), start=paris(2026, 3, 20, 20),
                               end=paris(2026, 3, 20, 22))
    url = feed_url(organizer, "agenda", calendar_row.slug)
    assert f"UID:{event.uid}" in fetch(url)[0] and "STATUS:CANCELLED" in fetch(url)[0]
    clock.shift(days=8)
    assert f"UID:{event.uid}" not in fetch(url)[0]


def test_pending_bookings_are_tentative(approval_room, organizer):
    booking = services.booking_create(room=approval_room, organizer=organizer, title="Demande",
                                      start=paris(2026, 3, 20, 10), end=paris(2026, 3, 20, 11))
    assert booking.status == BookingStatus.PENDING
    text, _calendar = fetch(feed_url(organizer, "salle", approval_room.slug))
    assert "STATUS:TENTATIVE" in text


def test_an_elected_official_may_not_follow_a_staff_room_nor_read_a_staff_calendar(member, room):
    elected = member(Role.ELECTED, first_name="Maire")
    calendar_row = NetworkCalendarFactory(audience="staff")
    assert Client().get(feed_url(elected, "salle", room.slug)).status_code == 404
    assert Client().get(feed_url(elected, "agenda", calendar_row.slug)).status_code == 404
    network = NetworkCalendarFactory(audience="network")
    assert Client().get(feed_url(elected, "agenda", network.slug)).status_code == 200


def test_a_members_only_body_feed_is_404_for_who_does_not_sit_on_it(organizer, colleague):
    from tests.governance.factories import BodyFactory, MembershipFactory

    body = BodyFactory(title="Groupe restreint", reading_rule="members")
    MembershipFactory(body=body, person=organizer)
    assert Client().get(feed_url(colleague, "instance", body.slug)).status_code == 404
    assert Client().get(feed_url(organizer, "instance", body.slug)).status_code == 200


def test_a_cancelled_meeting_leaves_the_personal_and_body_feeds_seven_days_after(clock, organizer):
    from governance.models import Meeting
    from tests.governance.factories import BodyFactory, MeetingFactory, MembershipFactory

    body = BodyFactory(title="Comité technique")
    MembershipFactory(body=body, person=organizer)
    meeting = MeetingFactory(body=body, title="Annulée", start=paris(2026, 3, 26, 14), end=paris(2026, 3, 26, 16))
    Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    urls = (feed_url(organizer), feed_url(organizer, "instance", body.slug))
    for url in urls:
        text = fetch(url)[0]
        assert f"UID:{meeting.ical_uid}" in text and "STATUS:CANCELLED" in text
    clock.shift(days=8)
    for url in urls:
        assert f"UID:{meeting.ical_uid}" not in fetch(url)[0]


def test_the_fast_event_builder_gives_what_the_constructor_gives():
    from calendar_sync.events import CalendarEvent
    from calendar_sync.feeds.bookings import _event

    values = {"uid": "u@test", "title": "Atelier", "start": paris(2026, 3, 12, 10), "end": paris(2026, 3, 12, 11),
              "location": "Salle", "sequence": 2, "private": True, "categories": ("Réservation de salle",)}
    fast = _event(**values)
    assert fast == CalendarEvent(**values) and fast.status == "CONFIRMED" and fast.rrule == "" and fast.exdates == ()
