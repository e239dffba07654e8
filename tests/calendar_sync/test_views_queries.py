"""The booking pages run as many queries with ten times the rooms and bookings as with one, and stay
within a budget: whatever the network grows to, a page does not slow down row by row."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from calendar_sync import selectors
from calendar_sync.models import (
    Booking,
    BookingAction,
    BookingLog,
    BookingSeries,
    BookingStatus,
    Room,
    RoomEquipment,
)
from intranet.caching import bump
from intranet.models import Library, NetworkSettings
from intranet.roles import Role

from .factories import EquipmentFactory
from .helpers import at, bookable_day, logged_in, soup

QUERY_BUDGET = 25


class Network:
    """Grows the rooms and bookings to `scale` times a base, with bulk inserts (no signals), around
    one day a week ahead. The viewer is a referent who approves the approval rooms, books some rooms
    and organizes a series in `room`; others book too, some privately, some awaiting approval.
    Already at 1x the dashboard's panels are full (five bookings each), as on a running site."""

    def __init__(self, *, library, room, approval_room, viewer, others):
        self.library, self.room, self.approval_room = library, room, approval_room
        self.viewer, self.others = viewer, others
        self.day = bookable_day(7)
        self.monday = selectors.week_start_of(self.day)
        self.scale = 0
        self.equipment = [EquipmentFactory(name=name) for name in ("Vidéoprojecteur", "Visioconférence")]
        self.groups = list(Group.objects.filter(name__in=[Role.STAFF.value, Role.REFERENTS.value]))
        self.series = BookingSeries.objects.create(
            room=room, organizer=viewer, title="Club ados", rrule="FREQ=WEEKLY;COUNT=50", first_date=self.day,
            start_time=dt.time(9), end_time=dt.time(10))
        self.slots = {room.pk: 0, approval_room.pk: 0}
        self.detail = None
        # A running site has its settings row; making it inside a measured request would be noise.
        NetworkSettings.for_site(Site.objects.get(is_default_site=True))

    def _next_slot(self, target: Room) -> tuple[dt.datetime, dt.datetime]:
        """The next free quarter hour of the room in the week of `day` (Monday to Saturday)."""
        index = self.slots[target.pk]
        self.slots[target.pk] += 1
        start = at(self.monday + dt.timedelta(days=index // 42 % 6), 8.5 + index % 42 / 4)
        return start, start + dt.timedelta(minutes=15)

    def grow(self, scale: int) -> None:
        added = scale - self.scale
        libraries = Library.objects.bulk_create([
            Library(name=f"Médiathèque annexe n° {number}", slug=f"annexe-{number}", commune="Tréduan")
            for number in range(self.scale, scale)])
        rooms = Room.objects.bulk_create([
            Room(name=f"Salle {number:03}", slug=f"salle-{number}", capacity=10 + number,
                 library=libraries[number % len(libraries)] if number % 2 else self.library,
                 requires_approval=number % 2 == 0)
            for number in range(2 * self.scale, 2 * scale)])
        RoomEquipment.objects.bulk_create([RoomEquipment(room=new, equipment=item)
                                           for new in rooms for item in self.equipment])
        Room.allowed_groups.through.objects.bulk_create([
            Room.allowed_groups.through(room=new, group=group)
            for new in rooms[::3] for group in self.groups])
        Room.approvers.through.objects.bulk_create([
            Room.approvers.through(room=new, user=self.viewer.user) for new in rooms if new.requires_approval])
        bookings = []
        for number in range(6 * added):  # the week of `room`: the viewer's series and others' bookings
            start, end = self._next_slot(self.room)
            mine = number % 2 == 0
            bookings.append(Booking(room=self.room, organizer=self.viewer if mine else self.others[number % 3 % 2],
                                    title=f"Club ados {number}" if mine else f"Réunion {number}", start=start,
                                    end=end, series=self.series if mine else None, is_private=number % 4 == 1))
        for number in range(4 * added):  # requests the viewer approves
            start, end = self._next_slot(self.approval_room)
            bookings.append(Booking(room=self.approval_room, organizer=self.others[number % 2],
                                    title=f"Demande {number}", start=start, end=end, status=BookingStatus.PENDING))
        for new in rooms:  # the day of every new room: 9-10 the viewer, 11-12 and 14-15 others
            bookings += [
                Booking(room=new, organizer=self.viewer, title=f"Atelier {new.name}", start=at(self.day, 9),
                        end=at(self.day, 10)),
                Booking(room=new, organizer=self.others[0], title=f"Demande {new.name}", start=at(self.day, 11),
                        end=at(self.day, 12), status=BookingStatus.PENDING if new.requires_approval
                        else BookingStatus.CONFIRMED),
                Booking(room=new, organizer=self.others[1], title=f"Privé {new.name}", start=at(self.day, 14),
                        end=at(self.day, 15), is_private=True),
            ]
        Booking.objects.bulk_create(bookings)
        self.detail = self.detail or Booking.objects.filter(series=self.series).order_by("start").first()
        BookingLog.objects.bulk_create([
            BookingLog(booking=self.detail, action=BookingAction.UPDATED, by=self.others[number % 2],
                       details=f"Changement {number}")
            for number in range(3 * added)])
        self.scale = scale
        bump("libraries")  # bulk_create sends no signal: forget the cached library summaries


@pytest.fixture
def network(library, room, approval_room, approver, organizer, colleague):
    return Network(library=library, room=room, approval_room=approval_room, viewer=approver,
                   others=[organizer, colleague])


def _count(response, selector: str) -> int:
    return len(soup(response).select(selector))


# Each screen: its URL, and what of the data it shows (which grows with the data, where the page
# is not cut short by a page size or a panel's length).
SCREENS = {
    "week_view": (lambda network: f"{network.room.get_absolute_url()}?week={network.day.isoformat()}",
                  lambda response: _count(response, ".slot-booking")),
    "finder_with_slot": (lambda network: f"/salles/?date={network.day.isoformat()}&start=10:00&end=11:00",
                         lambda response: _count(response, ".room-card")),
    "my_bookings": (lambda network: "/salles/reservations/",
                    lambda response: response.context["page_obj"].paginator.count),
    "day_view": (lambda network: f"/salles/jour/?date={network.day.isoformat()}",
                 lambda response: _count(response, ".day-bookings li")),
    "approvals": (lambda network: "/salles/approbations/",
                  lambda response: response.context["page_obj"].paginator.count),
    "booking_page": (lambda network: network.detail.get_absolute_url(),
                     lambda response: _count(response, "[aria-labelledby=history-title] tbody tr")),
    "dashboard": (lambda network: "/",
                  lambda response: _count(response, ".panel-bookings li")),
}


def measure(client, url: str) -> tuple[int, object]:
    client.get(url)  # warm the per-process caches (content types, site), as a running server has them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_stays_within_the_query_budget(network, screen, scale):
    url, shown = SCREENS[screen]
    network.grow(scale)

    queries, response = measure(logged_in(network.viewer), url(network))

    assert shown(response) > 0
    assert queries <= QUERY_BUDGET


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_runs_as_many_queries_at_10x_as_at_1x(network, screen):
    url, shown = SCREENS[screen]
    client = logged_in(network.viewer)
    network.grow(1)
    at_1x, small = measure(client, url(network))
    network.grow(10)
    at_10x, large = measure(client, url(network))

    assert at_10x == at_1x
    if screen == "dashboard":  # the approvals panel lists the first five, in full at both scales
        assert shown(small) == shown(large) == 5
    else:
        assert shown(large) > shown(small)
