"""Who may do what, checked by guessing URLs: a refused request answers 403 (or 404 for what does
not exist) and changes nothing; private titles and histories stay with who may see them."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from calendar_sync import services
from calendar_sync.models import Booking, BookingStatus
from intranet.roles import Role

from .factories import BookingFactory, RoomFactory
from .helpers import at, bookable_day, logged_in, soup, text_of


def booking_data(day, **fields) -> dict:
    return {"title": "Permanence", "date": day.isoformat(), "start": "10:00", "end": "11:00", "attendees": "2",
            **fields}


@pytest.fixture
def booking(room, organizer):
    """The organizer's booking, two opening days ahead, 10:00–11:00."""
    day = bookable_day(2)
    return BookingFactory(room=room, organizer=organizer, title="Atelier CV", start=at(day, 10), end=at(day, 11),
                          note="Prévoir six ordinateurs.")


# --- booking a room ---------------------------------------------------------------------------


def test_volunteer_cannot_open_the_booking_form_of_a_staff_room(room, volunteer):
    assert logged_in(volunteer).get(f"/salles/{room.slug}/reserver/").status_code == 403


def test_volunteer_posting_to_a_staff_room_is_refused_and_nothing_is_saved(room, volunteer):
    response = logged_in(volunteer).post(f"/salles/{room.slug}/reserver/", booking_data(bookable_day(2)))

    assert response.status_code == 403
    assert Booking.objects.count() == 0


def test_volunteer_sees_no_booking_link_on_a_staff_room(room, volunteer):
    response = logged_in(volunteer).get(room.get_absolute_url())

    assert response.status_code == 200
    assert f"/salles/{room.slug}/reserver/" not in response.text
    assert _("Your role does not allow you to book this room.") in text_of(response)


def test_volunteer_books_a_room_open_to_volunteers(room, volunteer):
    room.allowed_groups.add(Group.objects.get(name=Role.VOLUNTEERS.value))
    client, day = logged_in(volunteer), bookable_day(2)

    assert client.get(f"/salles/{room.slug}/reserver/").status_code == 200
    response = client.post(f"/salles/{room.slug}/reserver/", booking_data(day))

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.organizer, booking.start) == (volunteer, at(day, 10))


def test_staff_cannot_book_a_room_kept_for_volunteers(room, organizer):
    room.allowed_groups.add(Group.objects.get(name=Role.VOLUNTEERS.value))

    response = logged_in(organizer).post(f"/salles/{room.slug}/reserver/", booking_data(bookable_day(2)))

    assert response.status_code == 403
    assert Booking.objects.count() == 0


# --- changing and cancelling someone else's booking -------------------------------------------


@pytest.mark.parametrize("other", ["colleague", "approver", "volunteer"])
def test_nobody_else_cancels_a_booking(booking, other, request):
    client = logged_in(request.getfixturevalue(other))

    assert client.get(f"/salles/reservations/{booking.pk}/annuler/").status_code == 403
    assert client.post(f"/salles/reservations/{booking.pk}/annuler/", {"reason": "Erreur"}).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_coordination_cancels_anyones_booking(booking, coordinator, organizer, django_capture_on_commit_callbacks,
                                              mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(coordinator).post(f"/salles/reservations/{booking.pk}/annuler/",
                                               {"reason": "Salle fermée pour travaux"})

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == BookingStatus.CANCELLED
    assert booking.decision_reason == "Salle fermée pour travaux"
    assert [message.to for message in mailoutbox] == [[organizer.user.email]]


@pytest.mark.parametrize("other", ["colleague", "approver"])
def test_nobody_else_changes_a_booking(booking, other, request):
    client = logged_in(request.getfixturevalue(other))
    url = f"/salles/reservations/{booking.pk}/modifier/"

    assert client.get(url).status_code == 403
    response = client.post(url, booking_data(bookable_day(3), title="Pris par moi"))

    assert response.status_code == 403
    booking.refresh_from_db()
    assert (booking.title, booking.start) == ("Atelier CV", at(bookable_day(2), 10))


def test_other_staff_see_no_change_or_cancel_button(booking, colleague):
    response = logged_in(colleague).get(booking.get_absolute_url())

    assert response.status_code == 200
    assert f"/salles/reservations/{booking.pk}/modifier/" not in response.text
    assert f"/salles/reservations/{booking.pk}/annuler/" not in response.text


def test_organizer_changes_their_booking_through_the_form(booking, organizer):
    day = bookable_day(3)

    response = logged_in(organizer).post(f"/salles/reservations/{booking.pk}/modifier/",
                                         booking_data(day, title="Atelier CV et lettre", start="14:00", end="15:30"))

    booking.refresh_from_db()
    assert response.status_code == 302
    assert (booking.title, booking.start, booking.end) == ("Atelier CV et lettre", at(day, 14), at(day, 15.5))


def test_organizer_moving_onto_a_taken_slot_is_refused(booking, room, organizer, colleague):
    day = bookable_day(3)
    BookingFactory(room=room, organizer=colleague, title="Comité", start=at(day, 14), end=at(day, 15))

    response = logged_in(organizer).post(f"/salles/reservations/{booking.pk}/modifier/",
                                         booking_data(day, title="Atelier CV", start="14:30", end="15:30"))

    booking.refresh_from_db()
    assert response.status_code == 400
    assert "Comité" in text_of(response)
    assert booking.start == at(bookable_day(2), 10)


# --- approvals --------------------------------------------------------------------------------


@pytest.fixture
def other_approval_room(library, make_person):
    room = RoomFactory(name="Salle d'exposition", library=library, capacity=40, requires_approval=True)
    room.approvers.add(make_person(Role.REFERENTS, first_name="Yann", last_name="Hamon").user)
    return room


@pytest.mark.parametrize("decision", [{"decision": "approve"}, {"decision": "reject", "reason": "Non"}])
def test_approver_cannot_decide_for_a_room_they_do_not_approve(other_approval_room, approval_room, approver,
                                                               organizer, decision):
    day = bookable_day(2)
    pending = BookingFactory(room=other_approval_room, organizer=organizer, status=BookingStatus.PENDING,
                             start=at(day, 10), end=at(day, 11))

    response = logged_in(approver).post(f"/salles/approbations/{pending.pk}/", decision)

    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == BookingStatus.PENDING


def test_staff_who_approve_nothing_cannot_open_the_queue_or_decide(approval_room, colleague, organizer):
    day = bookable_day(2)
    pending = BookingFactory(room=approval_room, organizer=organizer, status=BookingStatus.PENDING,
                             start=at(day, 10), end=at(day, 11))
    client = logged_in(colleague)

    assert client.get("/salles/approbations/").status_code == 403
    assert client.post(f"/salles/approbations/{pending.pk}/", {"decision": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == BookingStatus.PENDING


def test_decisions_are_posted_not_linked(approval_room, approver, organizer):
    day = bookable_day(2)
    pending = BookingFactory(room=approval_room, organizer=organizer, status=BookingStatus.PENDING,
                             start=at(day, 10), end=at(day, 11))

    response = logged_in(approver).get(f"/salles/approbations/{pending.pk}/?decision=approve")

    assert response.status_code == 405
    pending.refresh_from_db()
    assert pending.status == BookingStatus.PENDING


# --- what does not exist ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/salles/reservations/987654/", "/salles/reservations/987654/modifier/",
                                 "/salles/reservations/987654/annuler/"])
def test_unknown_booking_is_not_found(coordinator, url):
    assert logged_in(coordinator).get(url).status_code == 404


def test_deciding_on_an_unknown_booking_is_not_found(coordinator):
    assert logged_in(coordinator).post("/salles/approbations/987654/", {"decision": "approve"}).status_code == 404


def test_unknown_room_week_is_not_found(organizer):
    assert logged_in(organizer).get("/salles/salle-fantome/").status_code == 404


# --- occupancy report -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organizer", "approver", "volunteer"])
def test_occupancy_report_is_for_the_coordination_only(room, who, request):
    client = logged_in(request.getfixturevalue(who))

    assert client.get("/salles/occupation/").status_code == 403
    assert client.get("/salles/occupation/?format=csv").status_code == 403


def test_coordination_reads_the_occupancy_report(room, coordinator, organizer):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=organizer, start=at(day, 10), end=at(day, 11.5))

    response = logged_in(coordinator).get(f"/salles/occupation/?month={day:%Y-%m}")

    assert response.status_code == 200
    [row] = soup(response).select("table.report-table tbody tr")[:1]
    assert "Salle de réunion" in row.th.get_text()


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_occupancy_csv_has_a_header_and_one_row_per_room_and_month(room, library, coordinator, organizer):
    day = bookable_day(2)
    RoomFactory(name="Auditorium", library=library)
    RoomFactory(name="Ancienne salle", library=library, active=False)
    BookingFactory(room=room, organizer=organizer, start=at(day, 10), end=at(day, 11.5))
    BookingFactory(room=room, organizer=organizer, start=at(day, 14), end=at(day, 18),
                   status=BookingStatus.CANCELLED)

    response = logged_in(coordinator).get(f"/salles/occupation/?month={day:%Y-%m}&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="occupation-salles-{day:%Y-%m}.csv"'
    header, *rows = read_csv(response)
    assert header == [_("Room"), _("Library"), _("Month"), _("Booked hours"), _("Bookable hours"), _("Rate (%)")]
    months = [f"{day:%Y-%m}", f"{day.replace(day=28) + dt.timedelta(days=4):%Y-%m}"]  # this one, the next
    assert len(rows) == 2 * 3
    assert {(row[0], row[1]) for row in rows} == {("Auditorium", "Médiathèque de Plouvenec"),
                                                  ("Salle de réunion", "Médiathèque de Plouvenec")}
    booked = {(row[0], row[2]): row[3] for row in rows}
    assert booked[("Salle de réunion", months[0])] == "1.5"  # the cancelled four hours do not count
    assert booked[("Salle de réunion", months[1])] == "0.0"
    assert booked[("Auditorium", months[0])] == "0.0"


def test_occupancy_csv_does_not_let_a_room_name_run_as_a_formula(library, coordinator):
    RoomFactory(name="=HYPERLINK(\"http://x.test\")", slug="formule", library=library)

    response = logged_in(coordinator).get("/salles/occupation/?format=csv")

    assert {row[0] for row in read_csv(response)[1:]} == {"'=HYPERLINK(\"http://x.test\")"}


# --- history and private bookings -------------------------------------------------------------


@pytest.fixture
def booked_through_the_service(room, organizer):
    day = bookable_day(2)
    return services.booking_create(room=room, organizer=organizer, title="Atelier CV", start=at(day, 10),
                                   end=at(day, 11), notify=False)


@pytest.mark.parametrize("who", ["organizer", "coordinator"])
def test_history_is_shown_to_the_organizer_and_the_coordination(booked_through_the_service, who, request):
    response = logged_in(request.getfixturevalue(who)).get(booked_through_the_service.get_absolute_url())

    history = soup(response).find(attrs={"aria-labelledby": "history-title"})
    assert response.status_code == 200
    assert history is not None
    [row] = history.select("tbody tr")
    assert _("Created") in row.get_text() and "Katell Morvan" in row.get_text()


def test_history_is_hidden_from_other_staff(booked_through_the_service, colleague):
    response = logged_in(colleague).get(booked_through_the_service.get_absolute_url())

    assert response.status_code == 200
    assert "Atelier CV" in text_of(response)
    assert soup(response).find(id="history-title") is None
    assert _("History") not in text_of(response)


@pytest.fixture
def private_booking(room, organizer):
    day = bookable_day(2)
    return BookingFactory(room=room, organizer=organizer, title="Entretien annuel de Maëlle", is_private=True,
                          note="Bureau du fond.", start=at(day, 10), end=at(day, 11))


def week_cells(response) -> str:
    return " ".join(cell.get_text(" ", strip=True) for cell in soup(response).select(".slot-booking"))


def test_private_title_is_hidden_from_other_staff_on_the_week(private_booking, room, colleague):
    response = logged_in(colleague).get(f"{room.get_absolute_url()}?week={bookable_day(2).isoformat()}")

    assert response.status_code == 200
    assert "Entretien annuel" not in response.text
    assert _("Reserved") in week_cells(response)


def test_private_title_is_shown_to_its_organizer_on_the_week(private_booking, room, organizer):
    response = logged_in(organizer).get(f"{room.get_absolute_url()}?week={bookable_day(2).isoformat()}")

    assert "Entretien annuel de Maëlle" in week_cells(response)


def test_private_booking_page_hides_title_and_note_from_other_staff(private_booking, colleague):
    response = logged_in(colleague).get(private_booking.get_absolute_url())

    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == _("Reserved")
    assert "Entretien annuel" not in response.text
    assert "Bureau du fond" not in response.text


def test_private_title_is_hidden_on_the_day_view(private_booking, colleague):
    response = logged_in(colleague).get(f"/salles/jour/?date={bookable_day(2).isoformat()}")

    assert "Entretien annuel" not in response.text
    assert _("Reserved") in text_of(response)


def test_private_title_is_hidden_in_a_series_preview(private_booking, room, colleague):
    day = bookable_day(2)
    data = booking_data(day, frequency="weekly", count="2")

    response = logged_in(colleague).post(f"/salles/{room.slug}/reserver/", data)

    assert response.status_code == 200
    assert "Entretien annuel" not in response.text
    assert _("Reserved") in text_of(response)


def test_private_booking_in_the_way_is_not_named_to_others(private_booking, room, colleague):
    response = logged_in(colleague).post(f"/salles/{room.slug}/reserver/", booking_data(bookable_day(2)))

    assert response.status_code == 400
    assert "Entretien annuel" not in response.text
    assert _("Reserved") in text_of(response)
    assert "Katell Morvan" in text_of(response)
