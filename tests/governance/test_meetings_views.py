"""The meeting's page as its readers see it (place, status, agenda with computed times across a
daylight-saving change, the overrun warning, the follow-up of actions), and the pages where who
runs the body plans, changes and cancels a meeting and edits its agenda; everyone else gets 403,
and who may not see the body 404."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from calendar_sync.models import Booking, BookingStatus
from governance.models import AgendaItem, Meeting, MeetingStatus, MembershipRole, ReadingRule
from intranet.roles import Role
from tests.accounts import role_id
from tests.calendar_sync.factories import BookingFactory, RoomFactory
from tests.factories import LibraryFactory
from tests.html import dangling_references, duplicate_ids

from .factories import ActionItemFactory, AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(page_of(response).get_text(" ").split()).replace(" ,", ",").replace(" .", ".")


def agenda_rows(response) -> list[list[str]]:
    table = page_of(response).find("table", class_="agenda-table")
    return [[" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"])]
            for row in table.find("tbody").find_all("tr")]


@pytest.fixture
def client_secretary(secretary, client_as):
    return client_as(secretary)


@pytest.fixture
def plain_member(body, member, join):
    person = member(Role.STAFF, first_name="Loïc", last_name="Hamon")
    join(body, person, MembershipRole.MEMBER)
    return person


@pytest.fixture
def meeting(body, meeting_room):
    meeting = MeetingFactory(body=body, title="COTECH de mars", room=meeting_room, place="")
    AgendaItemFactory(meeting=meeting, position=1, title="Suivi des actions", duration_minutes=10,
                      is_action_review=True)
    return meeting


# --- the meeting's page -----------------------------------------------------------------------

def test_the_page_shows_date_place_status_and_deadline(client_staff, meeting, meeting_room):
    response = client_staff.get(meeting.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "COTECH de mars" in text
    assert "mardi 31 mars 2026, 14:00–16:00" in text
    assert "Salle Glenmor, Médiathèque de Kerbréhat" in text
    assert page_of(response).find("a", href=meeting_room.get_absolute_url()) is not None
    assert "Prévue" in text
    assert "Ouvertes jusqu’au mardi 24 mars 2026, 14:00" in text
    assert duplicate_ids(response.content) == []
    assert dangling_references(response.content) == []


def test_a_meeting_by_video_shows_its_link(client_staff, body):
    meeting = MeetingFactory(body=body, place="", video_url="https://visio.example.fr/cotech")
    link = page_of(client_staff.get(meeting.get_absolute_url())).find("a", href="https://visio.example.fr/cotech")
    assert link is not None


def test_the_agenda_shows_each_items_computed_time(client_staff, meeting, secretary):
    AgendaItemFactory(meeting=meeting, position=2, title="Bilan du prêt numérique", duration_minutes=45,
                      presenter=secretary)
    AgendaItemFactory(meeting=meeting, position=3, title="Calendrier des animations", duration_minutes=20)
    response = client_staff.get(meeting.get_absolute_url())
    rows = agenda_rows(response)
    assert [row[:3] for row in rows] == [
        ["1", "14:00–14:10", "Suivi des actions"],
        ["2", "14:10–14:55", "Bilan du prêt numérique"],
        ["3", "14:55–15:15", "Calendrier des animations"],
    ]
    assert "Présenté par Nolwenn" in rows[1][3]
    assert "1 h 15 sur 2 h" in text_of(response)
    assert "Attention" not in text_of(response)


def test_computed_times_follow_the_clock_change_of_spring(client_staff, body, clock):
    """Clocks go from 02:00 to 03:00 in the night of 28 to 29 March 2026: an hour-long item from
    01:00 ends at 03:00, and a meeting from 01:00 to 05:00 lasts three hours."""
    clock.move_to("2026-03-10 09:00")
    start = dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    meeting = MeetingFactory(body=body, start=start, end=start + dt.timedelta(hours=3))
    AgendaItemFactory(meeting=meeting, position=1, title="Veille de nuit", duration_minutes=60)
    AgendaItemFactory(meeting=meeting, position=2, title="Lever du jour", duration_minutes=60)
    response = client_staff.get(meeting.get_absolute_url())
    assert [row[1] for row in agenda_rows(response)] == ["01:00–03:00", "03:00–04:00"]
    text = text_of(response)
    assert "dimanche 29 mars 2026, 01:00–05:00" in text
    assert "2 h sur 3 h — 1 h de marge" in text


def test_an_overrunning_agenda_is_flagged_in_words(client_staff, meeting):
    AgendaItemFactory(meeting=meeting, position=2, title="Schéma de développement", duration_minutes=120)
    response = client_staff.get(meeting.get_absolute_url())
    warning = page_of(response).find(class_="callout--warning")
    assert warning is not None
    assert "Attention" in warning.get_text()
    assert "L’ordre du jour dure 2 h 10, 10 min de plus que la réunion (2 h)." in " ".join(warning.get_text().split())
    assert agenda_rows(response)[1][1] == "14:10–16:10 (après la fin prévue)"


def test_the_follow_up_lists_the_bodys_open_actions(client_staff, meeting, body, clock):
    ActionItemFactory(body=body, title="Relancer le prestataire", due_date=clock.today() - dt.timedelta(days=2))
    ActionItemFactory(body=body, title="Action terminée", status="done", done_at=clock.now())
    ActionItemFactory(body=BodyFactory(), title="Action d'une autre instance")
    response = client_staff.get(meeting.get_absolute_url())
    section = page_of(response).find(id="follow-up")
    text = " ".join(section.get_text(" ").split())
    assert "Relancer le prestataire" in text
    assert "(en retard)" in text
    assert "Action terminée" not in text
    assert "Action d'une autre instance" not in text
    assert "1 action ouverte à revoir" in agenda_rows(response)[0][3]


def test_who_runs_the_body_sees_the_edit_links_and_others_do_not(client_secretary, client_as, plain_member, meeting):
    url = meeting.get_absolute_url()
    assert page_of(client_secretary.get(url)).find("a", href=reverse("governance:meeting_edit", args=[meeting.pk]))
    assert not page_of(client_as(plain_member).get(url)).find(
        "a", href=reverse("governance:meeting_edit", args=[meeting.pk]))


def test_the_body_page_offers_to_plan_a_meeting_to_who_runs_it(client_secretary, client_as, plain_member, body):
    create = reverse("governance:meeting_create", args=[body.pk])
    assert page_of(client_secretary.get(body.url)).find("a", href=create) is not None
    assert page_of(client_as(plain_member).get(body.url)).find("a", href=create) is None


# --- access -----------------------------------------------------------------------------------

def meeting_urls(meeting, item) -> list[tuple[str, str]]:
    return [
        ("get", reverse("governance:meeting", args=[meeting.pk])),
        ("get", reverse("governance:meeting_create", args=[meeting.body_id])),
        ("get", reverse("governance:meeting_edit", args=[meeting.pk])),
        ("get", reverse("governance:meeting_cancel", args=[meeting.pk])),
        ("post", reverse("governance:meeting_mark_held", args=[meeting.pk])),
        ("get", reverse("governance:agenda_item_add", args=[meeting.pk])),
        ("get", reverse("governance:agenda_item_edit", args=[meeting.pk, item.pk])),
        ("get", reverse("governance:agenda_item_delete", args=[meeting.pk, item.pk])),
        ("post", reverse("governance:agenda_item_move", args=[meeting.pk, item.pk])),
    ]


def test_a_members_only_body_hides_its_meetings_from_everyone_else(as_each_role):
    body = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    for method, url in meeting_urls(meeting, item):
        response = getattr(as_each_role.client, method)(url, {"direction": "up"} if method == "post" else None)
        if as_each_role.role == Role.COORDINATION:
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == 404, url
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_a_member_who_does_not_run_the_body_gets_403_and_changes_nothing(client_as, plain_member, meeting):
    client = client_as(plain_member)
    item = meeting.items.get()
    for method, url in meeting_urls(meeting, item)[1:]:
        response = getattr(client, method)(url, {"direction": "down", "title": "Pirate"} if method == "post" else None)
        assert response.status_code == 403, url
    for url in (reverse("governance:meeting_edit", args=[meeting.pk]),
                reverse("governance:meeting_cancel", args=[meeting.pk]),
                reverse("governance:agenda_item_add", args=[meeting.pk])):
        assert client.post(url, {"title": "Pirate", "reason": "x", "kind": "information",
                                 "duration_minutes": 5}).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.items.count()) == ("COTECH de mars", MeetingStatus.PLANNED, 1)


@pytest.mark.parametrize("role", [Role.STAFF, Role.REFERENTS], ids=role_id)
def test_a_reader_of_a_staff_body_sees_the_page_but_not_the_edit_pages(account, client_as, role, meeting):
    client = client_as(account(role))
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("governance:meeting_edit", args=[meeting.pk])).status_code == 403


# --- planning a meeting -----------------------------------------------------------------------

def form_data(slot, **fields) -> dict:
    start, end = slot["start"], slot["end"]
    return {"title": "COTECH d'avril", "date": start.date().isoformat(), "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"), "room": "", "place": "", "video_url": "", "proposal_deadline": "",
            "action": "save", **fields}


def test_planning_a_meeting_in_a_room_books_it(client_secretary, body, meeting_room, meeting_slot):
    slot = meeting_slot(10, 14, 16)
    response = client_secretary.post(reverse("governance:meeting_create", args=[body.pk]),
                                     form_data(slot, room=str(meeting_room.pk)), follow=True)
    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "Réunion prévue : « COTECH d'avril »" in text_of(response)
    assert Booking.objects.get(room=meeting_room).start == slot["start"]
    assert [row[2] for row in agenda_rows(response)] == ["Suivi des actions"]


def test_a_taken_room_shows_the_conflict_and_plans_nothing(client_secretary, body, meeting_room, meeting_slot,
                                                           member):
    slot = meeting_slot(10, 14, 16)
    BookingFactory(room=meeting_room, organizer=member(Role.STAFF, first_name="Katell", last_name="Morvan"),
                   title="Atelier", start=slot["start"], end=slot["end"])
    response = client_secretary.post(reverse("governance:meeting_create", args=[body.pk]),
                                     form_data(slot, room=str(meeting_room.pk)))
    assert response.status_code == 400
    errors = page_of(response).find(class_="form-errors").get_text()
    assert "La salle Salle Glenmor est déjà réservée de 14:00 à 16:00 (« Atelier », par Katell Morvan)" in errors
    assert not Meeting.objects.exists()


def test_bad_input_is_shown_next_to_its_field(client_secretary, body, meeting_slot):
    slot = meeting_slot(10, 14, 16)
    response = client_secretary.post(reverse("governance:meeting_create", args=[body.pk]),
                                     form_data(slot, end="13:00"))
    assert response.status_code == 400
    assert "La fin doit être après le début." in page_of(response).find(id="id_end_error").get_text()
    assert not Meeting.objects.exists()


def test_a_meeting_without_a_place_is_refused(client_secretary, body, meeting_slot):
    response = client_secretary.post(reverse("governance:meeting_create", args=[body.pk]),
                                     form_data(meeting_slot(10, 14, 16)))
    assert response.status_code == 400
    assert "Choisissez une salle" in page_of(response).find(id="id_room_error").get_text()


def room_options(response) -> list[str]:
    return [option.get_text() for option in page_of(response).find("select", id="id_room").find_all("option")][1:]


def test_the_room_list_holds_the_members_libraries_and_the_head_office_not_the_network(
        client_secretary, body, secretary, meeting_room):
    head_office = LibraryFactory(name="Siège de l'agglomération", is_head_office=True)
    RoomFactory(name="Salle du conseil communautaire", library=head_office)
    RoomFactory(name="Salle de ma médiathèque", library=secretary.library)
    for number in range(40):
        RoomFactory(name=f"Salle lointaine {number}")
    options = room_options(client_secretary.get(reverse("governance:meeting_create", args=[body.pk])))
    assert [option.split(" — ")[0] for option in options] == ["Salle du conseil communautaire",
                                                              "Salle de ma médiathèque"]


def test_find_a_room_by_town_lists_the_free_rooms_and_keeps_what_was_typed(
        client_secretary, body, meeting_room, meeting_library, meeting_slot, member):
    slot = meeting_slot(10, 14, 16)
    taken = RoomFactory(name="Salle prise", library=meeting_library)
    BookingFactory(room=taken, organizer=member(Role.STAFF), title="Atelier", start=slot["start"], end=slot["end"])
    RoomFactory(name="Salle ailleurs", library=LibraryFactory(name="Médiathèque de Tréduan", commune="Tréduan"))
    response = client_secretary.post(reverse("governance:meeting_create", args=[body.pk]),
                                     form_data(slot, room_search="kerbrehat", action="find_room"))
    assert response.status_code == 200
    assert [option.split(" — ")[0] for option in room_options(response)] == ["Salle Glenmor"]
    assert page_of(response).find("input", id="id_title")["value"] == "COTECH d'avril"
    assert "1 salle trouvée pour « kerbrehat »." in text_of(response)
    assert not Meeting.objects.exists()


# --- changing and cancelling ------------------------------------------------------------------

@pytest.fixture
def booked_meeting(body, secretary, meeting_room, meeting_slot):
    from governance.services import meetings as services

    return services.meeting_create(body=body, by=secretary, title="COTECH d'avril", room=meeting_room,
                                   **meeting_slot(10, 14, 16))


def test_changing_the_time_on_the_page_moves_the_booking(client_secretary, booked_meeting, meeting_room,
                                                         meeting_slot):
    slot = meeting_slot(11, 9, 11)
    url = reverse("governance:meeting_edit", args=[booked_meeting.pk])
    form = page_of(client_secretary.get(url))
    assert form.find("input", id="id_start")["value"] == "14:00"
    response = client_secretary.post(url, form_data(slot, room=str(meeting_room.pk)), follow=True)
    assert "La réunion a été modifiée." in text_of(response)
    booked_meeting.refresh_from_db()
    assert booked_meeting.start == slot["start"]
    assert Booking.objects.get(pk=booked_meeting.booking_id).start == slot["start"]
    assert booked_meeting.proposal_deadline == slot["start"] - dt.timedelta(days=7)


def test_a_conflict_on_the_edit_page_changes_nothing(client_secretary, booked_meeting, meeting_room, meeting_slot,
                                                     member):
    slot = meeting_slot(11, 9, 11)
    BookingFactory(room=meeting_room, organizer=member(Role.STAFF), title="Club lecture", **slot)
    response = client_secretary.post(reverse("governance:meeting_edit", args=[booked_meeting.pk]),
                                     form_data(slot, room=str(meeting_room.pk)))
    assert response.status_code == 400
    assert "Club lecture" in page_of(response).find(class_="form-errors").get_text()
    booked_meeting.refresh_from_db()
    assert booked_meeting.start == meeting_slot(10, 14, 16)["start"]


def test_cancelling_asks_first_then_frees_the_room(client_secretary, booked_meeting):
    url = reverse("governance:meeting_cancel", args=[booked_meeting.pk])
    confirmation = client_secretary.get(url)
    assert confirmation.status_code == 200
    assert "Annuler « COTECH d'avril » ?" in text_of(confirmation)
    booked_meeting.refresh_from_db()
    assert booked_meeting.status == MeetingStatus.PLANNED
    response = client_secretary.post(url, {"reason": "Quorum impossible"}, follow=True)
    assert "La réunion « COTECH d'avril » est annulée." in text_of(response)
    assert "Cette réunion est annulée." in text_of(response)
    booked_meeting.refresh_from_db()
    assert booked_meeting.status == MeetingStatus.CANCELLED
    assert Booking.objects.get(pk=booked_meeting.booking_id).status == BookingStatus.CANCELLED


def test_a_cancelled_meetings_edit_page_says_why_it_is_closed(client_secretary, booked_meeting, secretary):
    from governance.services import meetings as services

    services.meeting_cancel(meeting=booked_meeting, by=secretary)
    response = client_secretary.get(reverse("governance:meeting_edit", args=[booked_meeting.pk]), follow=True)
    assert "Cette réunion est annulée : elle ne peut plus être modifiée." in text_of(response)


def test_marking_a_meeting_held(client_secretary, body):
    past = MeetingFactory(body=body, days_ahead=-1)
    response = client_secretary.post(reverse("governance:meeting_mark_held", args=[past.pk]), follow=True)
    assert "La réunion est marquée comme tenue." in text_of(response)
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD


# --- the agenda -------------------------------------------------------------------------------

def test_adding_editing_moving_and_removing_items(client_secretary, meeting, secretary):
    add = reverse("governance:agenda_item_add", args=[meeting.pk])
    assert client_secretary.get(add).status_code == 200
    response = client_secretary.post(add, {"title": "Budget 2027", "kind": "decision", "duration_minutes": "30",
                                           "presenter": str(secretary.pk), "description": "À voter."}, follow=True)
    assert "Point ajouté à l’ordre du jour : « Budget 2027 »." in text_of(response)
    item = AgendaItem.objects.get(title="Budget 2027")
    assert (item.position, item.presenter, item.description) == (2, secretary, "<p>À voter.</p>")

    edit = reverse("governance:agenda_item_edit", args=[meeting.pk, item.pk])
    response = client_secretary.post(edit, {"title": "Budget 2027", "kind": "decision", "duration_minutes": "45",
                                            "presenter": "", "description": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.duration_minutes, item.presenter) == (45, None)

    client_secretary.post(reverse("governance:agenda_item_move", args=[meeting.pk, item.pk]), {"direction": "up"})
    assert [row[2] for row in agenda_rows(client_secretary.get(meeting.get_absolute_url()))] == [
        "Budget 2027", "Suivi des actions"]

    delete = reverse("governance:agenda_item_delete", args=[meeting.pk, item.pk])
    assert "Retirer « Budget 2027 » de l’ordre du jour ?" in text_of(client_secretary.get(delete))
    client_secretary.post(delete)
    assert list(meeting.items.values_list("title", "position")) == [("Suivi des actions", 1)]


def test_a_bad_item_is_shown_again_with_its_error(client_secretary, meeting):
    response = client_secretary.post(reverse("governance:agenda_item_add", args=[meeting.pk]),
                                     {"title": "Budget", "kind": "decision", "duration_minutes": "0"})
    assert response.status_code == 400
    assert page_of(response).find(id="id_duration_minutes_error") is not None
    assert meeting.items.count() == 1


def test_the_follow_up_of_actions_has_no_remove_link_nor_title_field(client_secretary, meeting):
    review = meeting.items.get()
    page = page_of(client_secretary.get(meeting.get_absolute_url()))
    assert page.find("a", href=reverse("governance:agenda_item_delete", args=[meeting.pk, review.pk])) is None
    edit = page_of(client_secretary.get(reverse("governance:agenda_item_edit", args=[meeting.pk, review.pk])))
    assert edit.find("input", id="id_title") is None
    assert edit.find("input", id="id_duration_minutes") is not None


def test_a_presenter_is_chosen_among_the_bodys_members(client_secretary, meeting, member):
    outsider = member(Role.STAFF, first_name="Pierre", last_name="Salaün")
    MembershipFactory(body=BodyFactory(), person=outsider)
    response = client_secretary.post(reverse("governance:agenda_item_add", args=[meeting.pk]),
                                     {"title": "Budget", "kind": "decision", "duration_minutes": "10",
                                      "presenter": str(outsider.pk)})
    assert response.status_code == 400
    assert meeting.items.count() == 1


def test_a_room_booking_that_went_away_is_said_on_the_page(client_secretary, booked_meeting, secretary):
    from calendar_sync import services as booking_services

    booking_services.booking_cancel(booking=booked_meeting.booking, by=secretary)
    text = text_of(client_secretary.get(booked_meeting.get_absolute_url()))
    assert "la salle n’est plus réservée pour cette réunion" in text
