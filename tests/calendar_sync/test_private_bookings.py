"""One rule for private bookings, on every page, panel and email: the organizer, the coordination
and the room's approvers see the title and the note; everyone else sees « Réservé » and no note.
No email subject ever carries a private title, whoever it goes to."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync import services
from calendar_sync.models import Booking, BookingStatus
from intranet.roles import Role

from .factories import BookingFactory, RoomFactory
from .helpers import (
    at,
    bookable_day,
    calendar_attachments,
    emails_to,
    logged_in,
    page_messages,
    soup,
    text_of,
    the_event,
)

TITLE = "Entretien annuel de Maëlle"
NOTE = "Bureau du fond, porte fermée."


@pytest.fixture
def day():
    return bookable_day(2)


@pytest.fixture
def private_request(approval_room, organizer, day):
    """A private request awaiting the approval of the room's approver (a referent)."""
    return BookingFactory(room=approval_room, organizer=organizer, title=TITLE, note=NOTE, is_private=True,
                          status=BookingStatus.PENDING, start=at(day, 10), end=at(day, 11))


@pytest.fixture
def other_referent(make_person):
    """A referent who approves no room of this library."""
    return make_person(Role.REFERENTS, first_name="Yann", last_name="Le Goff")


def week_url(booking) -> str:
    return f"{booking.room.get_absolute_url()}?week={timezone.localdate(booking.start).isoformat()}"


def day_url(booking) -> str:
    return f"/salles/jour/?date={timezone.localdate(booking.start).isoformat()}"


def detail_note(response) -> str:
    """The « Note » entry of the booking's details, if the page shows one."""
    details = soup(response).select_one("dl.details")
    for term in details.find_all("dt"):
        if term.get_text(strip=True) == _("Note"):
            return term.find_next_sibling("dd").get_text(" ", strip=True)
    return ""


# --- who may see: the approver ------------------------------------------------------------------


def test_approver_sees_title_and_note_on_the_booking_page(private_request, approver):
    response = logged_in(approver).get(private_request.get_absolute_url())

    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == TITLE
    assert soup(response).select_one(".breadcrumb [aria-current=page]").get_text(strip=True) == TITLE
    assert detail_note(response) == NOTE


def test_approver_sees_title_and_note_in_the_approvals_queue(private_request, approver):
    response = logged_in(approver).get("/salles/approbations/")

    [request] = soup(response).select(".approval-list > li")
    assert request.h2.a.get_text(strip=True) == TITLE
    assert NOTE in request.get_text(" ", strip=True)
    labels = [label.get_text(strip=True) for label in request.select("button .visually-hidden")]
    assert len(labels) == 2 and all(TITLE in label for label in labels)


def test_approver_sees_the_title_in_the_dashboard_panel(private_request, approver):
    response = logged_in(approver).get("/")

    panel = soup(response).select_one(".panel--approvals")
    assert panel is not None
    assert TITLE in panel.get_text(" ", strip=True)


def test_approver_sees_the_title_in_the_week_and_the_day(private_request, approver):
    client = logged_in(approver)

    assert TITLE in text_of(client.get(week_url(private_request)))
    assert TITLE in text_of(client.get(day_url(private_request)))


# --- who may not: other staff, other referents ----------------------------------------------------


@pytest.mark.parametrize("who", ["colleague", "other_referent"])
def test_others_see_reserved_and_no_note_on_the_booking_page(private_request, who, request):
    response = logged_in(request.getfixturevalue(who)).get(private_request.get_absolute_url())

    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == _("Reserved")
    assert soup(response).select_one(".breadcrumb [aria-current=page]").get_text(strip=True) == _("Reserved")
    assert detail_note(response) == ""
    assert TITLE not in response.content.decode()
    assert "Bureau du fond" not in response.content.decode()


@pytest.mark.parametrize("who", ["colleague", "other_referent"])
def test_others_see_reserved_on_the_week_and_the_day(private_request, who, request):
    client = logged_in(request.getfixturevalue(who))

    for url in (week_url(private_request), day_url(private_request)):
        response = client.get(url)
        assert response.status_code == 200
        assert _("Reserved") in text_of(response), url
        assert TITLE not in response.content.decode(), url
        assert "Bureau du fond" not in response.content.decode(), url


def test_other_referent_sees_no_request_of_a_room_they_do_not_approve(private_request, other_referent):
    response = logged_in(other_referent).get("/salles/approbations/")

    assert response.status_code == 200
    assert soup(response).select(".approval-list > li") == []
    assert TITLE not in response.content.decode()


def test_a_private_booking_in_the_way_is_reserved_to_others(private_request, approval_room, colleague, day):
    data = {"title": "Réunion d'équipe", "date": day.isoformat(), "start": "10:30", "end": "11:30", "attendees": "4"}

    response = logged_in(colleague).post(f"/salles/{approval_room.slug}/reserver/", data)

    assert response.status_code == 400
    assert _("Reserved") in text_of(response)
    assert "Katell Morvan" in text_of(response)
    assert TITLE not in response.content.decode()
    assert not Booking.objects.filter(title="Réunion d'équipe").exists()


def test_a_private_booking_in_the_way_is_named_to_its_approver(private_request, approval_room, approver, day):
    data = {"title": "Réunion d'équipe", "date": day.isoformat(), "start": "10:30", "end": "11:30", "attendees": "4"}

    response = logged_in(approver).post(f"/salles/{approval_room.slug}/reserver/", data)

    assert response.status_code == 400
    assert TITLE in text_of(response)


def test_a_private_date_in_the_way_of_a_series_is_reserved_to_others(private_request, approval_room, colleague,
                                                                     day):
    data = {"title": "Réunion d'équipe", "date": day.isoformat(), "start": "10:30", "end": "11:30", "attendees": "4",
            "frequency": "weekly", "count": "2"}

    response = logged_in(colleague).post(f"/salles/{approval_room.slug}/reserver/", data)

    assert response.status_code == 200
    assert _("Reserved") in text_of(response)
    assert TITLE not in response.content.decode()


# --- the organizer and the coordination -----------------------------------------------------------


@pytest.mark.parametrize("who", ["organizer", "coordinator"])
def test_organizer_and_coordination_see_title_and_note(private_request, who, request):
    client = logged_in(request.getfixturevalue(who))

    response = client.get(private_request.get_absolute_url())
    assert soup(response).h1.get_text(strip=True) == TITLE
    assert detail_note(response) == NOTE
    assert TITLE in text_of(client.get(week_url(private_request)))
    assert TITLE in text_of(client.get(day_url(private_request)))


def test_coordination_sees_the_private_request_in_the_queue_and_the_panel(private_request, coordinator):
    client = logged_in(coordinator)

    queue = client.get("/salles/approbations/")
    assert TITLE in text_of(queue) and NOTE in text_of(queue)
    assert TITLE in soup(client.get("/")).select_one(".panel--approvals").get_text(" ", strip=True)


def test_organizer_sees_the_title_on_the_cancel_and_edit_pages(private_request, organizer):
    client = logged_in(organizer)

    for url in (f"/salles/reservations/{private_request.pk}/annuler/",
                f"/salles/reservations/{private_request.pk}/modifier/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert TITLE in soup(response).h1.get_text(strip=True), url


def test_approver_decision_message_names_the_request(private_request, approver):
    response = logged_in(approver).post(f"/salles/approbations/{private_request.pk}/", {"decision": "approve"},
                                        follow=True)

    assert any(TITLE in message for message in page_messages(response))


# --- emails -----------------------------------------------------------------------------------------


@pytest.fixture
def requested(approval_room, organizer, day, django_capture_on_commit_callbacks):
    """A private request made through the service: the approver and the organizer get an email."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.booking_create(room=approval_room, organizer=organizer, title=TITLE, note=NOTE,
                                       is_private=True, start=at(day, 10), end=at(day, 11))


def long_date(booking) -> str:
    return date_format(timezone.localtime(booking.start), "l j F Y")


def test_approval_email_body_shows_title_and_note_but_its_subject_does_not(requested, approver):
    [message] = emails_to(approver.user.email)
    html = message.alternatives[0][0]

    assert TITLE not in message.subject
    assert requested.room.name in message.subject
    assert long_date(requested) in message.subject
    assert TITLE in message.body and NOTE in message.body
    assert TITLE in html and "Bureau du fond" in html


def test_approval_emails_go_to_each_approver_alone(requested, approval_room, approver, coordinator,
                                                   django_capture_on_commit_callbacks, mailoutbox, day):
    approval_room.approvers.add(coordinator.user)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(room=approval_room, organizer=requested.organizer, title=TITLE, is_private=True,
                                start=at(day, 14), end=at(day, 15))

    requests = [message for message in mailoutbox if message.to != [requested.organizer.user.email]]
    assert sorted(message.to for message in requests) == sorted([[approver.user.email], [coordinator.user.email]])
    assert all(TITLE in message.body and TITLE not in message.subject for message in requests)


def test_coordination_asked_for_a_room_without_approver_gets_no_private_title_in_the_subject(
        library, organizer, coordinator, day, django_capture_on_commit_callbacks):
    room = RoomFactory(library=library, name="Salle du conseil", requires_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(room=room, organizer=organizer, title=TITLE, note=NOTE, is_private=True,
                                start=at(day, 10), end=at(day, 11))

    [message] = emails_to(coordinator.user.email)
    assert TITLE not in message.subject
    assert TITLE in message.body and NOTE in message.body


def test_organizer_receipt_subject_has_no_private_title_but_its_body_does(requested, organizer):
    [receipt] = emails_to(organizer.user.email)

    assert TITLE not in receipt.subject
    assert long_date(requested) in receipt.subject
    assert TITLE in receipt.body


def organizer_email_after(action, organizer, mailoutbox, capture) -> object:
    mailoutbox.clear()
    with capture(execute=True):
        action()
    [message] = emails_to(organizer.user.email)
    return message


def test_no_organizer_email_subject_carries_a_private_title(approval_room, organizer, approver, day, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    booking = services.booking_create(room=approval_room, organizer=organizer, title=TITLE, note=NOTE,
                                      is_private=True, start=at(day, 10), end=at(day, 11), notify=False)
    other = services.booking_create(room=approval_room, organizer=organizer, title=TITLE, is_private=True,
                                    start=at(day, 14), end=at(day, 15), notify=False)

    messages = {
        "approved": organizer_email_after(lambda: services.booking_approve(booking=booking, by=approver),
                                          organizer, mailoutbox, capture),
        "rejected": organizer_email_after(
            lambda: services.booking_reject(booking=other, by=approver, reason="Salle prise par le conseil."),
            organizer, mailoutbox, capture),
    }
    booking = Booking.objects.get(pk=booking.pk)
    later = bookable_day(3)
    messages["changed"] = organizer_email_after(
        lambda: services.booking_update(booking=booking, by=organizer, start=at(later, 10), end=at(later, 11)),
        organizer, mailoutbox, capture)
    booking = Booking.objects.get(pk=booking.pk)
    messages["cancelled"] = organizer_email_after(
        lambda: services.booking_cancel(booking=booking, by=organizer), organizer, mailoutbox, capture)

    for name, message in messages.items():
        assert TITLE not in message.subject, name
        assert approval_room.name in message.subject, name


def test_confirmation_subject_of_a_private_booking_names_room_and_date(room, organizer, day,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.booking_create(room=room, organizer=organizer, title=TITLE, is_private=True,
                                          start=at(day, 10), end=at(day, 11))

    [message] = emails_to(organizer.user.email)
    assert TITLE not in message.subject
    assert room.name in message.subject and long_date(booking) in message.subject
    assert TITLE in message.alternatives[0][0]


def test_confirmation_subject_of_a_public_booking_keeps_its_title(room, organizer, day,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(room=room, organizer=organizer, title="Atelier numérique", start=at(day, 10),
                                end=at(day, 11))

    [message] = emails_to(organizer.user.email)
    assert "Atelier numérique" in message.subject


def test_organizer_invitation_keeps_the_title_and_is_marked_private(room, organizer, day,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(room=room, organizer=organizer, title=TITLE, is_private=True, start=at(day, 10),
                                end=at(day, 11))

    [message] = emails_to(organizer.user.email)
    event = the_event(calendar_attachments(message)[0])
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["CLASS"]) == "PRIVATE"
