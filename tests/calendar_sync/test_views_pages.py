"""The pages around the bookings: the approvals queue, « Mes réservations », a room's week, the
day view and the room finder, each judged by what its reader sees."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calendar_sync import selectors
from calendar_sync.models import BookingStatus, RoomEquipment
from calendar_sync.presenters import book_url
from intranet.roles import Role

from .factories import BookingFactory, EquipmentFactory, LibraryFactory, RoomFactory
from .helpers import (
    at,
    bookable_day,
    calendar_attachments,
    emails_to,
    field_errors,
    logged_in,
    page_messages,
    soup,
    text_of,
)

# --- approvals queue --------------------------------------------------------------------------


@pytest.fixture
def request_to_approve(approval_room, organizer):
    day = bookable_day(3)
    return BookingFactory(room=approval_room, organizer=organizer, title="Conférence sur les algues",
                          status=BookingStatus.PENDING, start=at(day, 18), end=at(day, 19), attendees=80)


def queue_titles(response) -> list[str]:
    return [item.h2.a.get_text(strip=True) for item in soup(response).select(".approval-list > li")]


def test_approver_sees_the_pending_requests_of_their_room_only(request_to_approve, library, organizer,
                                                               approver):
    other = RoomFactory(name="Salle d'exposition", library=library, requires_approval=True)
    day = bookable_day(3)
    BookingFactory(room=other, organizer=organizer, title="Vernissage", status=BookingStatus.PENDING,
                   start=at(day, 18), end=at(day, 19))
    BookingFactory(room=request_to_approve.room, organizer=organizer, title="Déjà confirmé",
                   start=at(day, 10), end=at(day, 11))

    response = logged_in(approver).get("/salles/approbations/")

    assert response.status_code == 200
    assert queue_titles(response) == ["Conférence sur les algues"]
    assert "Katell Morvan" in text_of(response)


def test_staff_member_named_approver_of_a_room_reaches_the_queue(approval_room, request_to_approve, colleague):
    approval_room.approvers.add(colleague.user)

    response = logged_in(colleague).get("/salles/approbations/")

    assert response.status_code == 200
    assert queue_titles(response) == ["Conférence sur les algues"]


def test_coordination_sees_the_requests_of_every_room(request_to_approve, library, organizer, coordinator):
    other = RoomFactory(name="Salle d'exposition", library=library, requires_approval=True)
    day = bookable_day(4)
    BookingFactory(room=other, organizer=organizer, title="Vernissage", status=BookingStatus.PENDING,
                   start=at(day, 18), end=at(day, 19))

    response = logged_in(coordinator).get("/salles/approbations/")

    assert queue_titles(response) == ["Conférence sur les algues", "Vernissage"]


def test_approving_confirms_the_booking_and_emails_the_organizer(request_to_approve, approver, organizer,
                                                                 django_capture_on_commit_callbacks):
    client = logged_in(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/salles/approbations/{request_to_approve.pk}/", {"decision": "approve"})

    request_to_approve.refresh_from_db()
    assert response.status_code == 302
    assert response.url == "/salles/approbations/"
    assert request_to_approve.status == BookingStatus.CONFIRMED
    [message] = emails_to(organizer.user.email)
    assert len(calendar_attachments(message)) == 1
    queue = client.get(response.url)
    assert queue_titles(queue) == []
    [notice] = page_messages(queue)
    assert "Conférence sur les algues" in notice


def test_rejecting_without_a_reason_is_an_error_and_leaves_the_request_pending(request_to_approve, approver,
                                                                               mailoutbox):
    response = logged_in(approver).post(f"/salles/approbations/{request_to_approve.pk}/",
                                        {"decision": "reject", "reason": "  "})

    request_to_approve.refresh_from_db()
    assert response.status_code == 400
    assert field_errors(response, "reason", auto_id=f"id_reason_{request_to_approve.pk}") == [
        _("Say why the request is rejected.")]
    assert request_to_approve.status == BookingStatus.PENDING
    assert queue_titles(response) == ["Conférence sur les algues"]
    assert mailoutbox == []


def test_rejecting_with_a_reason_rejects_and_tells_the_organizer(request_to_approve, approver, organizer,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(approver).post(f"/salles/approbations/{request_to_approve.pk}/",
                                            {"decision": "reject", "reason": "L'auditorium est en travaux."})

    request_to_approve.refresh_from_db()
    assert response.status_code == 302
    assert request_to_approve.status == BookingStatus.REJECTED
    assert request_to_approve.decision_reason == "L'auditorium est en travaux."
    [message] = emails_to(organizer.user.email)
    assert "L'auditorium est en travaux." in message.body


def test_a_decision_that_is_neither_approve_nor_reject_changes_nothing(request_to_approve, approver):
    response = logged_in(approver).post(f"/salles/approbations/{request_to_approve.pk}/", {"decision": "maybe"})

    request_to_approve.refresh_from_db()
    assert response.status_code == 400
    assert page_messages(response) == [_("Choose to approve or to reject the request.")]
    assert request_to_approve.status == BookingStatus.PENDING


def test_approving_twice_says_the_request_is_no_longer_waiting(request_to_approve, approver):
    client = logged_in(approver)
    client.post(f"/salles/approbations/{request_to_approve.pk}/", {"decision": "approve"})

    response = client.post(f"/salles/approbations/{request_to_approve.pk}/", {"decision": "reject",
                                                                              "reason": "Trop tard"}, follow=True)

    request_to_approve.refresh_from_db()
    assert request_to_approve.status == BookingStatus.CONFIRMED
    assert _("This booking is no longer awaiting approval.") in page_messages(response)


# --- my bookings ------------------------------------------------------------------------------


@pytest.fixture
def bookings_of_two_people(room, organizer, colleague):
    day = bookable_day(2)
    now = timezone.now()
    past_start = timezone.localtime(now - dt.timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    return {
        "mine": BookingFactory(room=room, organizer=organizer, title="Atelier CV", start=at(day, 10), end=at(day, 11)),
        "theirs": BookingFactory(room=room, organizer=colleague, title="Comité de lecture", start=at(day, 14),
                                 end=at(day, 15)),
        "past": BookingFactory(room=room, organizer=organizer, title="Ancien atelier", start=past_start,
                               end=past_start + dt.timedelta(hours=1)),
    }


def listed_titles(response) -> list[str]:
    return [row.th.a.get_text(strip=True) for row in soup(response).select("table.bookings-table tbody tr")]


def test_my_bookings_lists_my_upcoming_bookings_and_not_others(bookings_of_two_people, organizer):
    response = logged_in(organizer).get("/salles/reservations/")

    assert response.status_code == 200
    assert listed_titles(response) == ["Atelier CV"]


def test_my_past_bookings_are_on_their_own_tab(bookings_of_two_people, organizer):
    response = logged_in(organizer).get("/salles/reservations/?past=1")

    assert response.status_code == 200
    assert listed_titles(response) == ["Ancien atelier"]


def test_my_bookings_pages_past_twenty(room, organizer):
    first = bookable_day(1)
    for index in range(21):
        start = at(first + dt.timedelta(days=index // 8 * 7), 9 + index % 8)
        BookingFactory(room=room, organizer=organizer, title=f"Permanence {index:02}", start=start,
                       end=start + dt.timedelta(hours=1))
    client = logged_in(organizer)

    assert len(listed_titles(client.get("/salles/reservations/"))) == 20
    assert listed_titles(client.get("/salles/reservations/?page=2")) == ["Permanence 20"]
    assert len(listed_titles(client.get("/salles/reservations/?page=abc"))) == 20


def test_cancelling_from_my_bookings(bookings_of_two_people, organizer, django_capture_on_commit_callbacks):
    client = logged_in(organizer)
    mine = bookings_of_two_people["mine"]
    cancel_url = f"/salles/reservations/{mine.pk}/annuler/"
    listing = client.get("/salles/reservations/")
    assert soup(listing).find("a", href=cancel_url) is not None

    assert client.get(cancel_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url, {"reason": "Intervenant malade"}, follow=True)

    mine.refresh_from_db()
    assert response.redirect_chain == [("/salles/reservations/", 302)]
    assert mine.status == BookingStatus.CANCELLED
    assert any("Atelier CV" in notice for notice in page_messages(response))
    assert soup(response).find("a", href=cancel_url) is None  # nothing left to cancel
    assert len(emails_to(organizer.user.email)) == 1


def test_a_cancelled_booking_cannot_be_cancelled_again(bookings_of_two_people, organizer):
    mine = bookings_of_two_people["mine"]
    mine.status = BookingStatus.CANCELLED
    mine.save()

    response = logged_in(organizer).post(f"/salles/reservations/{mine.pk}/annuler/", follow=True)

    assert response.redirect_chain == [(mine.get_absolute_url(), 302)]
    assert page_messages(response) == [_("This booking is over or already cancelled.")]


# --- a room's week ----------------------------------------------------------------------------


@pytest.mark.parametrize("week", ["garbage", "2025-02-30", "99999-01-01", "1500-01-06", ""])
def test_week_that_is_not_understood_shows_this_week(room, organizer, week):
    response = logged_in(organizer).get(f"{room.get_absolute_url()}?week={week}")

    monday = selectors.week_start_of(timezone.localdate())
    assert response.status_code == 200
    assert soup(response).find(id="week-title").get_text(" ", strip=True) == _(
        "Week of %(start)s to %(end)s") % {"start": date_format(monday, "j F"),
                                           "end": date_format(monday + dt.timedelta(days=6), "j F Y")}


def test_free_future_slot_links_to_the_booking_form_with_its_times(room, organizer):
    day = bookable_day(2)
    client = logged_in(organizer)

    response = client.get(f"{room.get_absolute_url()}?week={day.isoformat()}")

    link = book_url(room, at(day, 10), at(day, 11))
    assert soup(response).find("a", class_="slot-free", href=link) is not None
    form = soup(client.get(link))
    assert form.find(id="id_date")["value"] == day.isoformat()
    assert (form.find(id="id_start")["value"], form.find(id="id_end")["value"]) == ("10:00", "11:00")


def test_taken_and_past_slots_are_not_links(room, organizer, colleague):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=colleague, title="Comité", start=at(day, 14), end=at(day, 15))
    client = logged_in(organizer)

    this_week = soup(client.get(f"{room.get_absolute_url()}?week={day.isoformat()}"))
    last_week = soup(client.get(f"{room.get_absolute_url()}?week={(day - dt.timedelta(weeks=2)).isoformat()}"))

    assert this_week.find("a", class_="slot-free", href=book_url(room, at(day, 14), at(day, 15))) is None
    assert this_week.find("a", class_="slot-free", href=book_url(room, at(day, 13), at(day, 14))) is not None
    assert last_week.find("a", class_="slot-free") is None


def test_week_shows_who_booked_what(room, organizer, colleague):
    day = bookable_day(2)
    BookingFactory(room=room, organizer=colleague, title="Comité de lecture", start=at(day, 14), end=at(day, 15))

    response = logged_in(organizer).get(f"{room.get_absolute_url()}?week={day.isoformat()}")

    [cell] = soup(response).select(".slot-booking")
    assert "Comité de lecture" in cell.get_text() and "Loïc Riou" in cell.get_text()


def test_inactive_room_week_is_not_found(room, organizer):
    room.active = False
    room.save()

    assert logged_in(organizer).get(room.get_absolute_url()).status_code == 404


# --- day view ---------------------------------------------------------------------------------


def day_rows(response) -> dict[str, str]:
    """Room name -> what its row says."""
    return {row.th.a.get_text(strip=True): row.td.get_text(" ", strip=True)
            for row in soup(response).select("table.day-table tbody tr")}


def test_day_view_shows_each_rooms_bookings_of_the_day(room, library, organizer, colleague):
    day = bookable_day(2)
    RoomFactory(name="Auditorium", library=library)
    BookingFactory(room=room, organizer=colleague, title="Comité de lecture", start=at(day, 14), end=at(day, 15))
    BookingFactory(room=room, organizer=colleague, title="Le lendemain", start=at(day + dt.timedelta(days=1), 14),
                   end=at(day + dt.timedelta(days=1), 15))

    response = logged_in(organizer).get(f"/salles/jour/?date={day.isoformat()}")

    rows = day_rows(response)
    assert response.status_code == 200
    assert set(rows) == {"Auditorium", "Salle de réunion"}
    assert "Comité de lecture" in rows["Salle de réunion"] and "Loïc Riou" in rows["Salle de réunion"]
    assert "Le lendemain" not in response.text
    assert rows["Auditorium"] == _("Free all day")


def test_day_view_of_one_library(room, organizer):
    elsewhere = RoomFactory(name="Salle du conseil", library=LibraryFactory(name="Médiathèque de Lanmarec"))

    response = logged_in(organizer).get(f"/salles/jour/?date={bookable_day(2)}&library={elsewhere.library.slug}")

    assert list(day_rows(response)) == ["Salle du conseil"]
    chosen = soup(response).find(id="id_library").find_all("option", selected=True)
    assert [option["value"] for option in chosen] == [elsewhere.library.slug]


@pytest.mark.parametrize("date", ["abc", "1500-03-10", "99999-03-10"])
def test_day_view_with_a_bad_date_shows_today_and_says_so(room, organizer, date):
    response = logged_in(organizer).get(f"/salles/jour/?date={date}&library=nulle-part")

    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert page_messages(response) == [_("This date was not understood: here is today."),
                                       _("Unknown library: here is the whole network.")]


# --- room finder ------------------------------------------------------------------------------


def found_rooms(response) -> list[str]:
    return [card.h3.a.get_text(strip=True) for card in soup(response).select(".room-card")]


def test_finder_lists_the_rooms_free_for_the_whole_slot(room, library, organizer, colleague):
    day = bookable_day(2)
    RoomFactory(name="Auditorium", library=library)
    back_to_back = RoomFactory(name="Salle du conte", library=library)
    BookingFactory(room=room, organizer=colleague, start=at(day, 11.5), end=at(day, 12.5))
    BookingFactory(room=back_to_back, organizer=colleague, start=at(day, 9), end=at(day, 10.5))

    response = logged_in(organizer).get(f"/salles/?date={day.isoformat()}&start=10:30&end=12:00")

    assert response.status_code == 200
    assert found_rooms(response) == ["Auditorium", "Salle du conte"]


def test_finder_cards_book_the_slot_searched(room, organizer):
    day = bookable_day(2)

    response = logged_in(organizer).get(f"/salles/?date={day.isoformat()}&start=10:30&end=12:00")

    assert soup(response).find("a", href=book_url(room, at(day, 10.5), at(day, 12))) is not None


def test_finder_filters_on_capacity_and_accessibility(room, library, organizer):
    RoomFactory(name="Auditorium", library=library, capacity=120)
    RoomFactory(name="Grenier", library=library, capacity=150, accessible=False)

    response = logged_in(organizer).get("/salles/?capacity=100&accessible=on")

    assert found_rooms(response) == ["Auditorium"]


def test_finder_finds_the_rooms_of_a_library_typed_by_its_town(room, organizer):
    # A town no factory gives the fixtures' library.
    RoomFactory(name="Salle du conseil", library=LibraryFactory(name="Médiathèque du Lac", commune="Kerlouan"))

    response = logged_in(organizer).get("/salles/?library=kerlouan")

    assert response.status_code == 200
    assert found_rooms(response) == ["Salle du conseil"]
    assert soup(response).find(id="id_library")["value"] == "kerlouan"


def test_finder_form_weighs_the_same_with_forty_libraries_more(room, organizer):
    client = logged_in(organizer)
    before = soup(client.get("/salles/")).select_one("form.finder")
    for number in range(40):
        RoomFactory(library=LibraryFactory(name=f"Point lecture n° {number}"))

    after = soup(client.get("/salles/")).select_one("form.finder")

    assert len(str(after)) == len(str(before))


def card_of(response, name: str) -> str:
    card = next(card for card in soup(response).select(".room-card") if card.h3.a.get_text(strip=True) == name)
    return " ".join(card.get_text(" ").split())


def test_finder_cards_show_a_rooms_change_at_once(room, organizer):
    """The cards' facts are kept in the cache: a change made in the admin is seen on the next visit."""
    client = logged_in(organizer)
    assert "Vidéoprojecteur" not in card_of(client.get("/salles/"), room.name)
    room.name, room.capacity = "Salle Ouessant", 40
    room.save()
    RoomEquipment.objects.create(room=room, equipment=EquipmentFactory(name="Vidéoprojecteur"))
    room.library.name = "Médiathèque des Capucins"
    room.library.save()

    card = card_of(client.get("/salles/"), "Salle Ouessant")

    assert "Médiathèque des Capucins" in card
    assert "Vidéoprojecteur" in card
    assert ngettext("%(counter)s person", "%(counter)s people", 40) % {"counter": 40} in card


def test_finder_cards_are_kept_in_the_readers_language(room, organizer):
    client = logged_in(organizer)
    assert "12 personnes" in card_of(client.get("/salles/"), room.name)
    client.post("/langue/", {"language": "en", "next": "/salles/"})

    assert "12 people" in card_of(client.get("/salles/"), room.name)


def test_finder_offers_to_book_a_room_only_to_the_groups_it_is_opened_to(room, organizer):
    client = logged_in(organizer)
    assert soup(client.get("/salles/")).find("a", href=book_url(room)) is not None
    room.allowed_groups.set([Group.objects.get_or_create(name=Role.COORDINATION.value)[0]])

    assert soup(client.get("/salles/")).find("a", href=book_url(room)) is None


@pytest.mark.parametrize(("query", "field", "message"), [
    ("date={day}&start=12:00&end=10:30", "end", "The end must be after the start."),
    ("date=abc&start=10:00&end=11:00", "date", "Enter a date, e.g. 2025-03-14."),
    ("date={day}&start=dix heures&end=11:00", "start", "Enter a time, e.g. 14:30."),
    ("date=0001-01-01&start=00:00&end=01:00", "date", "Enter a date, e.g. 2025-03-14."),  # was a 500
    ("date={day}&start=10:00", "end", "To find a free room, give a date, a start and an end."),
    ("capacity=beaucoup", "capacity", None),
], ids=["end_before_start", "text_for_a_date", "text_for_a_time", "year_1", "missing_end", "text_for_a_capacity"])
def test_bad_finder_input_is_an_error_next_to_its_field(room, organizer, query, field, message):
    response = logged_in(organizer).get("/salles/?" + query.format(day=bookable_day(2).isoformat()))

    assert response.status_code == 400
    errors = field_errors(response, field)
    if message:
        assert errors == [_(message)]
    else:
        assert len(errors) == 1
    assert found_rooms(response) == ["Salle de réunion"]  # the rooms are still listed, unfiltered by the slot


# --- links written with the former parameter names --------------------------------------------


@pytest.mark.parametrize(("old", "new"), [
    ("/salles/?date=2030-03-12&debut=10:00&fin=11:00&capacite=4&equipement=visio&equipement=pc&bibliotheque=lanmarec",
     "/salles/?date=2030-03-12&start=10:00&end=11:00&capacity=4&equipment=visio&equipment=pc&library=lanmarec"),
    ("/salles/salle-de-reunion/?semaine=2030-03-11", "/salles/salle-de-reunion/?week=2030-03-11"),
    ("/salles/jour/?date=2030-03-12&bibliotheque=lanmarec", "/salles/jour/?date=2030-03-12&library=lanmarec"),
    ("/salles/occupation/?mois=2030-03&bibliotheque=lanmarec", "/salles/occupation/?month=2030-03&library=lanmarec"),
    ("/salles/reservations/?passees=1", "/salles/reservations/?past=1"),
], ids=["finder", "week", "day", "occupancy", "my_bookings"])
def test_a_link_with_the_former_french_parameters_leads_to_the_same_page(room, organizer, old, new):
    response = logged_in(organizer).get(old)

    assert response.status_code == 301
    moved, expected = urlsplit(response.url), urlsplit(new)
    assert (moved.path, parse_qs(moved.query)) == (expected.path, parse_qs(expected.query))
