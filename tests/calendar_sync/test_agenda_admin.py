"""The network calendars in the Wagtail admin, for the coordination: edited there (the library by a
chooser, never a select of every library), while their events are only listed and inspected."""

import datetime as dt
from zoneinfo import ZoneInfo

from calendar_sync.models import AgendaEvent, NetworkCalendar

from .factories import AgendaEventFactory, NetworkCalendarFactory
from .helpers import soup

CALENDARS = "/admin/snippets/calendar_sync/networkcalendar/"
EVENTS = "/admin/snippets/calendar_sync/agendaevent/"


def test_coordination_adds_a_network_calendar_with_a_library_chooser(client_coordination, library):
    form = soup(client_coordination.get(f"{CALENDARS}add/"))
    assert form.select_one("select[name=library]") is None
    assert form.select_one("input[name=library]") is not None  # the snippet chooser's hidden input

    response = client_coordination.post(f"{CALENDARS}add/", {
        "name": "Fermetures", "slug": "fermetures", "colour": "#a4161a", "description": "", "audience": "network",
        "library": library.pk, "active": "on"})

    assert response.status_code == 302
    calendar = NetworkCalendar.objects.get(slug="fermetures")
    assert calendar.audience == "network" and calendar.library == library


def test_coordination_lists_events_but_may_not_add_edit_or_delete_them(client_coordination, db):
    event = AgendaEventFactory(calendar=NetworkCalendarFactory(name="Formations"), title="Prise en main",
                               start=dt.datetime(2026, 3, 12, 9, tzinfo=ZoneInfo("Europe/Paris")))

    listing = client_coordination.get(EVENTS)
    assert listing.status_code == 200 and "Prise en main" in listing.content.decode()
    assert client_coordination.get(f"{EVENTS}inspect/{event.pk}/").status_code == 200
    assert client_coordination.get(f"{EVENTS}add/").status_code in (302, 403)
    assert client_coordination.post(f"{EVENTS}edit/{event.pk}/", {"title": "Piraté"}).status_code in (302, 403)
    assert client_coordination.post(f"{EVENTS}delete/{event.pk}/").status_code in (302, 403)
    assert AgendaEvent.objects.get(pk=event.pk).title == "Prise en main"


def test_staff_reach_neither_calendars_nor_events_in_the_admin(client_staff, db):
    NetworkCalendarFactory(name="Formations")
    for url in (CALENDARS, EVENTS, f"{CALENDARS}add/"):
        assert client_staff.get(url).status_code in (302, 403)
