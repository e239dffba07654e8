"""Every page of the rooms, blank or showing errors, uses each HTML id once and points its labels and
descriptions at ids it has: fields come from the one field template, and the approval queue's reject
forms carry their booking in their ids."""

import pytest

from calendar_sync.models import BookingStatus
from tests.html import dangling_references, duplicate_ids

from .factories import BookingFactory
from .helpers import at, bookable_day, logged_in


@pytest.fixture
def pages(room, approval_room, organizer, approver, coordinator):
    """name -> (who looks, method, URL, data): each rooms page, blank and with errors."""
    day = bookable_day(3)
    booking = BookingFactory(room=room, organizer=organizer, title="Atelier", start=at(day, 10), end=at(day, 11))
    pending = [BookingFactory(room=approval_room, organizer=organizer, title=f"Demande {n}",
                              status=BookingStatus.PENDING, start=at(day, 9 + n), end=at(day, 9.5 + n))
               for n in range(3)]
    book = f"/salles/{room.slug}/reserver/"
    bad_booking = {"title": "", "date": "demain", "start": "10:00", "end": "09:00", "frequency": "weekly",
                   "interval": "0", "weekdays": ["9"], "monthly_mode": "?", "count": "0"}
    return {
        "finder": (organizer, "get", "/salles/", None),
        "finder_with_errors": (organizer, "get", "/salles/", {"date": "abc", "start": "10:00", "capacity": "x",
                                                              "equipment": "rien"}),
        "week": (organizer, "get", room.get_absolute_url(), None),
        "booking_form": (organizer, "get", book, None),
        "booking_form_with_errors": (organizer, "post", book, bad_booking),
        "booking": (organizer, "get", booking.get_absolute_url(), None),
        "edit_form": (organizer, "get", f"/salles/reservations/{booking.pk}/modifier/", None),
        "edit_form_with_errors": (organizer, "post", f"/salles/reservations/{booking.pk}/modifier/",
                                  {"title": "", "date": "demain", "attendees": "0"}),
        "cancel_form": (organizer, "get", f"/salles/reservations/{booking.pk}/annuler/", None),
        "my_bookings": (organizer, "get", "/salles/reservations/", None),
        "approvals": (approver, "get", "/salles/approbations/", None),
        "approvals_with_a_reject_error": (approver, "post", f"/salles/approbations/{pending[1].pk}/",
                                          {"decision": "reject", "reason": " "}),
        "day": (organizer, "get", "/salles/jour/", {"date": day.isoformat()}),
        "day_from_a_bad_link": (organizer, "get", "/salles/jour/", {"date": "abc", "library": "nulle-part"}),
        "occupancy": (coordinator, "get", "/salles/occupation/", None),
        "occupancy_from_a_bad_link": (coordinator, "get", "/salles/occupation/", {"month": "mars"}),
    }


PAGES = ["finder", "finder_with_errors", "week", "booking_form", "booking_form_with_errors", "booking", "edit_form",
         "edit_form_with_errors", "cancel_form", "my_bookings", "approvals", "approvals_with_a_reject_error", "day",
         "day_from_a_bad_link", "occupancy", "occupancy_from_a_bad_link"]


@pytest.mark.parametrize("name", PAGES)
def test_page_uses_each_id_once_and_refers_only_to_ids_it_has(pages, name):
    person, method, url, data = pages[name]

    response = getattr(logged_in(person), method)(url, data or {})

    assert response.status_code == (400 if name.endswith("error") or name.endswith("errors") else 200)
    assert duplicate_ids(response.content) == []
    assert dangling_references(response.content) == []
