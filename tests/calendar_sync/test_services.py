"""Booking services: conflicts, rules, approval, permissions and history, as the organizer,
the approver and the coordination see them."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy

from calendar_sync import services
from calendar_sync.models import Booking, BookingAction, BookingLog, BookingStatus
from intranet.roles import Role

from .factories import BookingFactory, RoomFactory
from .helpers import (
    at,
    bookable_day,
    calendar_attachments,
    emails_to,
    logged_in,
    make_slot,
    page_messages,
    the_event,
)


def book(room, organizer, *, title="Atelier numérique", **when):
    return services.booking_create(room=room, organizer=organizer, title=title, **when)


def fresh(booking: Booking) -> Booking:
    """The booking as the next request would load it."""
    return Booking.objects.select_related("room__library", "organizer__user").get(pk=booking.pk)


# --- Conflicts ---------------------------------------------------------------------------------


def test_overlapping_booking_is_refused_and_names_the_booking_in_the_way(room, organizer, colleague, slot):
    book(room, organizer, title="Atelier numérique", **slot(1, 10, 12))

    with pytest.raises(services.BookingConflict) as raised:
        book(room, colleague, title="Comité de lecture", **slot(1, 11, 13))

    assert raised.value.blocking.title == "Atelier numérique"
    assert Booking.objects.filter(room=room).count() == 1


def test_booking_inside_another_one_is_refused(room, organizer, colleague, slot):
    book(room, organizer, title="Journée de formation", **slot(1, 9, 17))

    with pytest.raises(services.BookingConflict) as raised:
        book(room, colleague, title="Point collections", **slot(1, 11, 12))

    assert raised.value.blocking.title == "Journée de formation"
    assert Booking.objects.filter(room=room).count() == 1


def test_back_to_back_bookings_are_allowed(room, organizer, colleague, slot):
    book(room, organizer, **slot(1, 10, 11))

    book(room, colleague, title="Comité de lecture", **slot(1, 11, 12))

    assert Booking.objects.filter(room=room).active().count() == 2


def test_same_slot_in_another_room_is_allowed(room, library, organizer, colleague, slot):
    other_room = RoomFactory(library=library, name="Espace numérique")
    book(room, organizer, **slot(1, 10, 11))

    book(other_room, colleague, **slot(1, 10, 11))

    assert Booking.objects.active().count() == 2


def test_cancelled_booking_frees_its_slot(room, organizer, colleague, slot):
    first = book(room, organizer, **slot(1, 10, 11))
    services.booking_cancel(booking=first, by=organizer)

    second = book(room, colleague, title="Comité de lecture", **slot(1, 10, 11))

    assert second.status == BookingStatus.CONFIRMED
    assert list(Booking.objects.active()) == [second]


def test_rejected_request_frees_its_slot(approval_room, organizer, colleague, approver, slot):
    request = book(approval_room, organizer, **slot(1, 10, 11))
    services.booking_reject(booking=request, by=approver, reason="Salle réservée au conseil ce jour-là.")

    second = book(approval_room, colleague, title="Comité de lecture", **slot(1, 10, 11))

    assert list(Booking.objects.active()) == [second]


def test_pending_request_holds_its_slot(approval_room, organizer, colleague, slot):
    book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    with pytest.raises(services.BookingConflict) as raised:
        book(approval_room, colleague, title="Spectacle", **slot(1, 15, 17))

    assert raised.value.blocking.title == "Conférence"
    assert Booking.objects.count() == 1


# --- Rules ---------------------------------------------------------------------------------------


def next_sunday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(6 - today.weekday()) or 7)


def in_three_years() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3 * 365)
    return day + dt.timedelta(days=1) if day.weekday() == 6 else day


RULE_CASES = {
    # name: (a function giving start, end and attendees, the form field the refusal is attached to)
    "end before start": (lambda: (at(bookable_day(1), 11), at(bookable_day(1), 10), 5), "end"),
    "in the past": (lambda: (at(timezone.localdate() - dt.timedelta(days=1), 10),
                             at(timezone.localdate() - dt.timedelta(days=1), 11), 5), "start"),
    "less than the notice": (lambda: (timezone.now() + dt.timedelta(minutes=10),
                                      timezone.now() + dt.timedelta(minutes=70), 5), "start"),
    "beyond the horizon": (lambda: (at(in_three_years(), 10), at(in_three_years(), 11), 5), "start"),
    "before the room opens": (lambda: (at(bookable_day(1), 7), at(bookable_day(1), 9), 5), "start"),
    "after the room closes": (lambda: (at(bookable_day(1), 18), at(bookable_day(1), 20), 5), "start"),
    "on a Sunday": (lambda: (at(next_sunday(), 10), at(next_sunday(), 11), 5), "start"),
    "more people than seats": (lambda: (at(bookable_day(1), 10), at(bookable_day(1), 11), 13), "attendees"),
}


@pytest.mark.parametrize("case", RULE_CASES.values(), ids=RULE_CASES.keys())
def test_rule_refuses_the_booking_on_its_field_and_saves_nothing(room, organizer, case):
    when, field = case
    start, end, attendees = when()

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_create(room=room, organizer=organizer, title="Atelier", start=start, end=end,
                                attendees=attendees)

    assert raised.value.field == field
    assert raised.value.message
    assert not Booking.objects.exists()
    assert not BookingLog.objects.exists()


def test_booking_longer_than_the_maximum_is_refused_on_the_end(room, organizer, slot, settings):
    settings.BOOKING_MAX_DURATION_HOURS = 3

    with pytest.raises(services.BookingRefused) as raised:
        book(room, organizer, **slot(1, 9, 13))

    assert raised.value.field == "end"
    assert "3" in raised.value.message
    assert not Booking.objects.exists()


def test_room_at_full_capacity_is_accepted(room, organizer, slot):
    booking = book(room, organizer, attendees=12, **slot(1, 10, 11))

    assert booking.attendees == 12


def test_volunteer_cannot_book_a_staff_room(room, volunteer, slot):
    with pytest.raises(services.BookingRefused) as raised:
        book(room, volunteer, **slot(1, 10, 11))

    assert raised.value.field is None
    assert not Booking.objects.exists()


def test_volunteer_books_a_room_open_to_volunteers(room, volunteer, slot):
    room.allowed_groups.add(Group.objects.get(name=Role.VOLUNTEERS.value))

    booking = book(room, volunteer, title="Heure du conte", **slot(1, 10, 11))

    assert booking.status == BookingStatus.CONFIRMED
    assert Booking.objects.get().organizer == volunteer


def test_inactive_room_cannot_be_booked(room, organizer, slot):
    room.active = False
    room.save(update_fields=["active"])

    with pytest.raises(services.BookingRefused) as raised:
        book(room, organizer, **slot(1, 10, 11))

    assert raised.value.field is None
    assert not Booking.objects.exists()


# --- Approval ------------------------------------------------------------------------------------


def test_request_for_a_room_under_approval_is_pending(approval_room, organizer, slot):
    booking = book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    assert fresh(booking).status == BookingStatus.PENDING


def test_approvers_are_asked_to_approve_the_request(approval_room, organizer, approver, slot,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    [request] = emails_to(approver.user.email)
    assert "Conférence" in request.subject


def test_coordination_is_asked_when_the_room_names_no_approver(library, organizer, coordinator, slot,
                                                                django_capture_on_commit_callbacks):
    room = RoomFactory(library=library, name="Auditorium", capacity=120, requires_approval=True)

    with django_capture_on_commit_callbacks(execute=True):
        book(room, organizer, title="Conférence", **slot(1, 14, 16))

    [request] = emails_to(coordinator.user.email)
    assert "Conférence" in request.subject


def test_organizer_gets_a_receipt_without_invitation_while_pending(approval_room, organizer, slot,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    [receipt] = emails_to(organizer.user.email)
    assert "Conférence" in receipt.subject
    assert calendar_attachments(receipt) == []


def test_approver_booking_their_own_room_is_confirmed_at_once(approval_room, approver, slot):
    booking = book(approval_room, approver, **slot(1, 14, 16))

    assert booking.status == BookingStatus.CONFIRMED


def test_approval_confirms_the_booking_and_sends_the_invitation(approval_room, organizer, approver, slot,
                                                                 django_capture_on_commit_callbacks):
    request = book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_approve(booking=request, by=approver)

    assert fresh(request).status == BookingStatus.CONFIRMED
    [confirmation] = emails_to(organizer.user.email)
    [invitation] = calendar_attachments(confirmation)
    assert invitation["METHOD"] == "REQUEST"
    assert str(the_event(invitation)["UID"]) == request.ical_uid


def test_rejection_needs_a_reason(approval_room, organizer, approver, slot):
    request = book(approval_room, organizer, **slot(1, 14, 16))

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_reject(booking=request, by=approver, reason="  ")

    assert raised.value.field == "reason"
    assert fresh(request).status == BookingStatus.PENDING


def test_rejection_with_a_reason_is_recorded_and_emailed(approval_room, organizer, approver, slot,
                                                         django_capture_on_commit_callbacks):
    request = book(approval_room, organizer, title="Conférence", **slot(1, 14, 16))

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reject(booking=request, by=approver, reason="Salle prise par le conseil.")

    rejected = fresh(request)
    assert rejected.status == BookingStatus.REJECTED
    assert rejected.decision_reason == "Salle prise par le conseil."
    [notice] = emails_to(organizer.user.email)
    assert "Conférence" in notice.subject


def test_referent_who_does_not_approve_the_room_cannot_approve(approval_room, organizer, make_person, slot):
    other_referent = make_person(Role.REFERENTS, first_name="Erwan")
    request = book(approval_room, organizer, **slot(1, 14, 16))

    with pytest.raises(services.BookingForbidden):
        services.booking_approve(booking=request, by=other_referent)

    assert fresh(request).status == BookingStatus.PENDING


def test_referent_who_does_not_approve_the_room_cannot_reject(approval_room, organizer, make_person, slot):
    other_referent = make_person(Role.REFERENTS, first_name="Erwan")
    request = book(approval_room, organizer, **slot(1, 14, 16))

    with pytest.raises(services.BookingForbidden):
        services.booking_reject(booking=request, by=other_referent, reason="Non.")

    assert fresh(request).status == BookingStatus.PENDING


def test_coordination_approves_any_room(approval_room, organizer, coordinator, slot):
    assert not approval_room.approvers.filter(pk=coordinator.user.pk).exists()
    request = book(approval_room, organizer, **slot(1, 14, 16))

    services.booking_approve(booking=request, by=coordinator)

    assert fresh(request).status == BookingStatus.CONFIRMED


def test_a_booking_no_longer_pending_cannot_be_approved(approval_room, organizer, approver, slot):
    request = book(approval_room, organizer, **slot(1, 14, 16))
    services.booking_approve(booking=request, by=approver)

    with pytest.raises(services.BookingNotPending):
        services.booking_approve(booking=request, by=approver)

    assert fresh(request).sequence == 1


def test_a_cancelled_request_cannot_be_rejected(approval_room, organizer, approver, slot):
    request = book(approval_room, organizer, **slot(1, 14, 16))
    services.booking_cancel(booking=request, by=organizer)

    with pytest.raises(services.BookingNotPending):
        services.booking_reject(booking=request, by=approver, reason="Trop tard.")

    assert fresh(request).status == BookingStatus.CANCELLED


# --- Changes and permissions ---------------------------------------------------------------------


def test_organizer_moves_their_booking(room, organizer, slot):
    booking = book(room, organizer, **slot(1, 10, 11))

    services.booking_update(booking=fresh(booking), by=organizer, **slot(2, 15, 16.5))

    moved = fresh(booking)
    assert (moved.start, moved.end) == tuple(slot(2, 15, 16.5).values())


def test_moving_onto_another_booking_is_refused_and_changes_nothing(room, organizer, colleague, slot):
    booking = book(room, organizer, **slot(1, 10, 11))
    book(room, colleague, title="Comité de lecture", **slot(1, 14, 16))

    with pytest.raises(services.BookingConflict) as raised:
        services.booking_update(booking=fresh(booking), by=organizer, **slot(1, 15, 17))

    assert raised.value.blocking.title == "Comité de lecture"
    assert fresh(booking).start == slot(1, 10, 11)["start"]


def test_moving_to_a_sunday_is_refused(room, organizer, slot):
    booking = book(room, organizer, **slot(1, 10, 11))
    sunday = next_sunday() + dt.timedelta(days=7)

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_update(booking=fresh(booking), by=organizer, start=at(sunday, 10), end=at(sunday, 11))

    assert raised.value.field == "start"
    assert fresh(booking).start == slot(1, 10, 11)["start"]


def test_colleague_cannot_cancel_someone_elses_booking(room, organizer, colleague, slot):
    booking = book(room, organizer, **slot(1, 10, 11))

    with pytest.raises(services.BookingForbidden):
        services.booking_cancel(booking=fresh(booking), by=colleague)

    assert fresh(booking).status == BookingStatus.CONFIRMED


def test_colleague_cannot_change_someone_elses_booking(room, organizer, colleague, slot):
    booking = book(room, organizer, title="Atelier numérique", **slot(1, 10, 11))

    with pytest.raises(services.BookingForbidden):
        services.booking_update(booking=fresh(booking), by=colleague, title="Pris")

    assert fresh(booking).title == "Atelier numérique"


def test_approver_cannot_cancel_a_booking_of_their_room(approval_room, organizer, approver, slot):
    booking = book(approval_room, organizer, **slot(1, 10, 11))

    with pytest.raises(services.BookingForbidden):
        services.booking_cancel(booking=fresh(booking), by=approver)

    assert fresh(booking).is_active


def test_coordination_cancels_anyones_booking(room, organizer, coordinator, slot):
    booking = book(room, organizer, **slot(1, 10, 11))

    services.booking_cancel(booking=fresh(booking), by=coordinator, reason="Salle en travaux.")

    assert fresh(booking).status == BookingStatus.CANCELLED


def test_coordination_changes_anyones_booking(room, organizer, coordinator, slot):
    booking = book(room, organizer, title="Atelier numérique", **slot(1, 10, 11))

    services.booking_update(booking=fresh(booking), by=coordinator, title="Atelier numérique (salle B)")

    assert fresh(booking).title == "Atelier numérique (salle B)"


def test_a_cancelled_booking_cannot_be_changed(room, organizer, slot):
    booking = book(room, organizer, title="Atelier numérique", **slot(1, 10, 11))
    services.booking_cancel(booking=fresh(booking), by=organizer)

    with pytest.raises(services.BookingRefused):
        services.booking_update(booking=fresh(booking), by=organizer, title="Retour")

    assert fresh(booking).title == "Atelier numérique"


# --- History -------------------------------------------------------------------------------------


def history(booking: Booking) -> list[tuple[str, int]]:
    return list(booking.log_entries.order_by("at", "pk").values_list("action", "by"))


def test_history_records_creation_approval_change_and_cancellation(approval_room, organizer, approver,
                                                                   coordinator, slot):
    booking = book(approval_room, organizer, **slot(1, 10, 11))
    services.booking_approve(booking=booking, by=approver)
    services.booking_update(booking=fresh(booking), by=organizer, title="Atelier numérique avancé")
    services.booking_cancel(booking=fresh(booking), by=coordinator)

    assert history(booking) == [
        (BookingAction.CREATED, organizer.pk),
        (BookingAction.APPROVED, approver.pk),
        (BookingAction.UPDATED, organizer.pk),
        (BookingAction.CANCELLED, coordinator.pk),
    ]


def test_history_records_the_rejection_and_its_reason(approval_room, organizer, approver, slot):
    booking = book(approval_room, organizer, **slot(1, 10, 11))
    services.booking_reject(booking=booking, by=approver, reason="Salle prise par le conseil.")

    assert history(booking) == [(BookingAction.CREATED, organizer.pk), (BookingAction.REJECTED, approver.pk)]
    assert booking.log_entries.get(action=BookingAction.REJECTED).details == "Salle prise par le conseil."


def test_history_names_who_booked_for_someone_else(room, organizer, coordinator, slot):
    booking = services.booking_create(room=room, organizer=organizer, title="Atelier", by=coordinator,
                                      **slot(1, 10, 11))

    assert history(booking) == [(BookingAction.CREATED, coordinator.pk)]


def test_refused_change_leaves_no_history(room, organizer, colleague, slot):
    booking = book(room, organizer, **slot(1, 10, 11))

    with pytest.raises(services.BookingForbidden):
        services.booking_update(booking=fresh(booking), by=colleague, title="Pris")

    assert history(booking) == [(BookingAction.CREATED, organizer.pk)]



# --- typed text -------------------------------------------------------------------------------


def test_titles_and_notes_lose_invisible_characters_whoever_calls_the_service(room, organizer):
    booking = services.booking_create(room=room, organizer=organizer, title="\u202eAtelier\u200b CV\u2069",
                                      note="Ligne 1\n\u200dLigne 2", notify=False, **make_slot(2, 10, 11))
    booking.refresh_from_db()
    assert (booking.title, booking.note) == ("Atelier CV", "Ligne 1\nLigne 2")


def test_a_title_made_only_of_invisible_characters_is_refused_and_nothing_is_saved(room, organizer):
    with pytest.raises(services.BookingRefused) as refused:
        services.booking_create(room=room, organizer=organizer, title="\u200b\u202e ", notify=False,
                                **make_slot(2, 10, 11))
    assert refused.value.field == "title"
    assert not Booking.objects.filter(room=room).exists()


def test_renaming_to_invisible_characters_only_is_refused(room, organizer):
    booking = services.booking_create(room=room, organizer=organizer, title="Atelier", notify=False,
                                      **make_slot(2, 10, 11))
    with pytest.raises(services.BookingRefused):
        services.booking_update(booking=booking, by=organizer, title="\u2066\u2069")
    booking.refresh_from_db()
    assert booking.title == "Atelier"


# --- bookings that have started or ended ------------------------------------------------------
# The pages refuse to change or cancel them; so must the services, which commands, the admin and
# any later API call without going through the pages.

CHANGE_CLOSED = gettext_lazy("This booking has started, ended or been cancelled: it can no longer be changed.")
CANCEL_CLOSED = gettext_lazy("This booking is over or already cancelled.")


def booking_around_now(room, organizer, *, started: dt.timedelta, lasts: dt.timedelta) -> Booking:
    """A booking written straight to the table (no rule could create it now) that started
    `started` ago and lasts `lasts`."""
    start = timezone.now() - started
    return BookingFactory(room=room, organizer=organizer, title="Atelier numérique", start=start, end=start + lasts)


def test_a_booking_that_ended_days_ago_cannot_be_renamed(room, organizer, django_capture_on_commit_callbacks):
    booking = booking_around_now(room, organizer, started=dt.timedelta(days=3), lasts=dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.BookingRefused) as raised:
        services.booking_update(booking=fresh(booking), by=organizer, title="Atelier renommé")

    assert raised.value.message == str(CHANGE_CLOSED)
    assert (fresh(booking).title, fresh(booking).sequence) == ("Atelier numérique", 0)
    assert not BookingLog.objects.exists()
    assert emails_to(organizer.user.email) == []


def test_a_booking_under_way_cannot_be_moved(room, organizer, slot):
    booking = booking_around_now(room, organizer, started=dt.timedelta(minutes=30), lasts=dt.timedelta(hours=2))

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_update(booking=fresh(booking), by=organizer, **slot(2, 10, 11))

    assert raised.value.message == str(CHANGE_CLOSED)
    assert fresh(booking).start == booking.start


def test_the_coordination_cannot_change_a_past_booking_either(room, organizer, coordinator):
    booking = booking_around_now(room, organizer, started=dt.timedelta(days=3), lasts=dt.timedelta(hours=1))

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_update(booking=fresh(booking), by=coordinator, note="Compte rendu")

    assert raised.value.message == str(CHANGE_CLOSED)
    assert fresh(booking).note == ""


def test_a_booking_that_ended_days_ago_cannot_be_cancelled(room, organizer, django_capture_on_commit_callbacks):
    booking = booking_around_now(room, organizer, started=dt.timedelta(days=3), lasts=dt.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.BookingRefused) as raised:
        services.booking_cancel(booking=fresh(booking), by=organizer, reason="Oubli")

    assert raised.value.message == str(CANCEL_CLOSED)
    assert (fresh(booking).status, fresh(booking).decision_reason) == (BookingStatus.CONFIRMED, "")
    assert not BookingLog.objects.exists()
    assert emails_to(organizer.user.email) == []


def test_a_cancelled_booking_cannot_be_cancelled_again(room, organizer, slot):
    booking = book(room, organizer, **slot(1, 10, 11))
    services.booking_cancel(booking=fresh(booking), by=organizer)

    with pytest.raises(services.BookingRefused) as raised:
        services.booking_cancel(booking=fresh(booking), by=organizer)

    assert raised.value.message == str(CANCEL_CLOSED)
    assert fresh(booking).sequence == 1


def test_a_booking_under_way_can_still_be_cancelled_to_free_the_rest_of_it(room, organizer):
    booking = booking_around_now(room, organizer, started=dt.timedelta(minutes=30), lasts=dt.timedelta(hours=2))

    services.booking_cancel(booking=fresh(booking), by=organizer)

    assert fresh(booking).status == BookingStatus.CANCELLED


def test_a_change_refused_for_a_past_booking_says_so_in_french_on_the_page(room, organizer):
    # The page answers with the same words as the service, whichever refuses first.
    booking = booking_around_now(room, organizer, started=dt.timedelta(days=3), lasts=dt.timedelta(hours=1))

    response = logged_in(organizer).get(f"/salles/reservations/{booking.pk}/modifier/", follow=True)

    assert page_messages(response) == [str(CHANGE_CLOSED)]
