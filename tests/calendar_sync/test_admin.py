"""The Wagtail admin is a second front door to bookings: its chooser, listing, search, inspect,
history and bulk-action views are for who may view bookings (the coordination); anyone else with
admin access gets 403 and never a title, and where titles show, private ones follow the same rule
as the site's pages."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext as _

from calendar_sync.models import Booking

from .factories import BookingFactory, EquipmentFactory, RoomFactory
from .helpers import at, bookable_day, logged_in, soup, text_of

PRIVATE_TITLE = "Entretien annuel de Maëlle"
PRIVATE_NOTE = "Bureau du fond."
PUBLIC_TITLE = "Comité de lecture"


@pytest.fixture
def private_booking(approval_room, organizer):
    day = bookable_day(2)
    return BookingFactory(room=approval_room, organizer=organizer, title=PRIVATE_TITLE, note=PRIVATE_NOTE,
                          is_private=True, start=at(day, 10), end=at(day, 11))


@pytest.fixture
def public_booking(approval_room, colleague):
    day = bookable_day(2)
    return BookingFactory(room=approval_room, organizer=colleague, title=PUBLIC_TITLE, start=at(day, 14),
                          end=at(day, 15))


@pytest.fixture
def staff_with_admin(colleague):
    """A member of staff who was given access to the admin (and nothing else)."""
    colleague.user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                               codename="access_admin"))
    return colleague


def booking_admin_urls(booking) -> dict[str, str]:
    pk = booking.pk
    return {
        "chooser": "/admin/snippets/choose/calendar_sync/booking/",
        "chooser_search": "/admin/snippets/choose/calendar_sync/booking/?q=Entretien",
        "chooser_results": "/admin/snippets/choose/calendar_sync/booking/results/",
        "chooser_results_search": "/admin/snippets/choose/calendar_sync/booking/results/?q=Entretien",
        "chooser_multiple": "/admin/snippets/choose/calendar_sync/booking/?multiple=1",
        "chosen": f"/admin/snippets/choose/calendar_sync/booking/chosen/{pk}/",
        "chosen_multiple": f"/admin/snippets/choose/calendar_sync/booking/chosen-multiple/?id={pk}",
        "listing": "/admin/snippets/calendar_sync/booking/",
        "listing_search": "/admin/snippets/calendar_sync/booking/?q=Entretien",
        "listing_results": "/admin/snippets/calendar_sync/booking/results/?q=Entretien",
        "inspect": f"/admin/snippets/calendar_sync/booking/inspect/{pk}/",
        "history": f"/admin/snippets/calendar_sync/booking/history/{pk}/",
        "usage": f"/admin/snippets/calendar_sync/booking/usage/{pk}/",
        "bulk_delete": f"/admin/bulk/calendar_sync/booking/delete/?id={pk}",
        "bulk_delete_all": "/admin/bulk/calendar_sync/booking/delete/?id=all",
    }


def body(response) -> str:
    """The answer as a reader gets it: choosers answer JSON, whose strings escape accents."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def assert_refused(response) -> None:
    """403, or Wagtail's own refusal: back to the admin's home with its "no permission" message."""
    if response.redirect_chain:
        assert response.redirect_chain[-1] == ("/admin/", 302)
        assert response.status_code == 200
        assert _("Sorry, you do not have permission to access this area.") in text_of(response)
    else:
        assert response.status_code == 403


DOORS = list(booking_admin_urls(BookingFactory.build(pk=1)))


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("who", ["approver", "staff_with_admin"])
def test_admin_gives_no_booking_to_referents_nor_staff(private_booking, public_booking, door, who, request):
    """The approver is a referent: they see the request on the site, never through the admin."""
    client = logged_in(request.getfixturevalue(who))

    response = client.get(booking_admin_urls(private_booking)[door], follow=True)

    assert_refused(response)
    assert PRIVATE_TITLE not in body(response)
    assert PUBLIC_TITLE not in body(response)


@pytest.mark.parametrize("who", ["approver", "staff_with_admin"])
def test_bulk_delete_posted_by_a_referent_or_staff_deletes_nothing(private_booking, who, request):
    client = logged_in(request.getfixturevalue(who))

    response = client.post(f"/admin/bulk/calendar_sync/booking/delete/?id={private_booking.pk}", follow=True)

    assert_refused(response)
    assert PRIVATE_TITLE not in body(response)
    assert Booking.objects.filter(pk=private_booking.pk).exists()


def test_coordination_lists_bookings_private_ones_included(private_booking, public_booking, client_coordination):
    response = client_coordination.get("/admin/snippets/calendar_sync/booking/")

    assert response.status_code == 200
    assert PRIVATE_TITLE in text_of(response)
    assert PUBLIC_TITLE in text_of(response)


def test_coordination_is_offered_no_bulk_action_on_bookings(private_booking, client_coordination):
    response = client_coordination.get("/admin/snippets/calendar_sync/booking/")

    assert response.status_code == 200
    assert soup(response).select("[data-bulk-action-checkbox]") == []


def test_coordination_searches_bookings_by_title(private_booking, public_booking, client_coordination):
    response = client_coordination.get("/admin/snippets/calendar_sync/booking/?q=Entretien")

    assert response.status_code == 200
    assert PRIVATE_TITLE in text_of(response)
    assert PUBLIC_TITLE not in text_of(response)


def test_coordination_inspects_a_private_booking_with_its_note(private_booking, client_coordination):
    response = client_coordination.get(f"/admin/snippets/calendar_sync/booking/inspect/{private_booking.pk}/")

    assert response.status_code == 200
    assert PRIVATE_TITLE in text_of(response)
    assert PRIVATE_NOTE in text_of(response)


@pytest.mark.parametrize("url", ["/admin/snippets/choose/calendar_sync/booking/",
                                 "/admin/snippets/choose/calendar_sync/booking/results/"])
def test_coordination_uses_the_booking_chooser(private_booking, client_coordination, url):
    response = client_coordination.get(url)

    assert response.status_code == 200
    assert PRIVATE_TITLE in body(response)


def test_coordination_chooses_a_private_booking_by_its_title(private_booking, client_coordination):
    response = client_coordination.get(f"/admin/snippets/choose/calendar_sync/booking/chosen/{private_booking.pk}/")

    assert response.json()["result"]["string"] == PRIVATE_TITLE


def test_coordination_still_cannot_bulk_delete_bookings(private_booking, client_coordination):
    client_coordination.post(f"/admin/bulk/calendar_sync/booking/delete/?id={private_booking.pk}")

    assert Booking.objects.filter(pk=private_booking.pk).exists()


# --- a reader of bookings who may not see private details -------------------------------------


@pytest.fixture
def booking_reader(staff_with_admin):
    """Someone given `view_booking` by hand (a "Accueil" group, say): they may list bookings, but
    private details stay with the organizer, the approvers and the coordination."""
    group = Group.objects.create(name="Lecteurs des réservations")
    group.permissions.add(Permission.objects.get(content_type__app_label="calendar_sync", codename="view_booking"))
    staff_with_admin.user.groups.add(group)
    return staff_with_admin


def test_booking_reader_sees_reserved_instead_of_a_private_title_in_the_listing(private_booking, public_booking,
                                                                               booking_reader):
    response = logged_in(booking_reader).get("/admin/snippets/calendar_sync/booking/")

    assert response.status_code == 200
    assert PUBLIC_TITLE in text_of(response)
    assert _("Reserved") in text_of(response)
    assert PRIVATE_TITLE not in body(response)


def test_booking_reader_cannot_find_a_private_booking_by_its_title(private_booking, booking_reader):
    client = logged_in(booking_reader)

    for url in ("/admin/snippets/calendar_sync/booking/?q=Entretien",
                "/admin/snippets/calendar_sync/booking/results/?q=Entretien"):
        response = client.get(url)
        assert response.status_code == 200
        assert PRIVATE_TITLE not in body(response)
        assert _("Reserved") not in text_of(response), url
    # The chooser has no search for bookings (they are not indexed): it lists them all, as the rule shows them.
    response = client.get("/admin/snippets/choose/calendar_sync/booking/results/?q=Entretien")
    assert response.status_code == 200
    assert PRIVATE_TITLE not in body(response)


def test_booking_reader_inspects_a_private_booking_without_title_nor_note(private_booking, booking_reader):
    response = logged_in(booking_reader).get(f"/admin/snippets/calendar_sync/booking/inspect/{private_booking.pk}/")

    assert response.status_code == 200
    assert _("Reserved") in text_of(response)
    assert PRIVATE_TITLE not in body(response)
    assert PRIVATE_NOTE not in body(response)


def test_booking_reader_chooses_a_private_booking_only_as_reserved(private_booking, public_booking, booking_reader):
    client = logged_in(booking_reader)

    chooser = client.get("/admin/snippets/choose/calendar_sync/booking/")
    chosen = client.get(f"/admin/snippets/choose/calendar_sync/booking/chosen/{private_booking.pk}/")

    assert chooser.status_code == chosen.status_code == 200
    assert PUBLIC_TITLE in body(chooser) and _("Reserved") in body(chooser)
    assert PRIVATE_TITLE not in body(chooser)
    assert chosen.json()["result"]["string"] == _("Reserved")


# --- the other snippets of the app ----------------------------------------------------------------


@pytest.fixture
def rooms_and_equipment(library):
    return RoomFactory(library=library, name="Salle du conseil"), EquipmentFactory(name="Visioconférence")


@pytest.mark.parametrize("model", ["room", "equipment"])
def test_referent_gets_no_bulk_delete_confirmation_for_rooms_or_equipment(rooms_and_equipment, model,
                                                                          client_referent):
    room, equipment = rooms_and_equipment
    pk = room.pk if model == "room" else equipment.pk

    response = client_referent.get(f"/admin/bulk/calendar_sync/{model}/delete/?id={pk}", follow=True)

    assert_refused(response)
    assert (room.name if model == "room" else equipment.name) not in text_of(response)


@pytest.mark.parametrize("model", ["room", "equipment"])
def test_coordination_still_bulk_deletes_equipment_and_rooms(rooms_and_equipment, model, client_coordination):
    room, equipment = rooms_and_equipment
    pk = room.pk if model == "room" else equipment.pk

    response = client_coordination.get(f"/admin/bulk/calendar_sync/{model}/delete/?id={pk}")

    assert response.status_code == 200
    assert (room.name if model == "room" else equipment.name) in text_of(response)
