"""What a feed can be about: the kinds of /agenda/flux/<key>/<kind>/<slug>.ics. calendar_sync
declares its own (a room, a library's rooms, a network calendar); the apps above it add theirs
(governance: a body's meetings) under FEED_SCOPES in their wagtail_hooks.py, read with
`intranet.hooks.registered(FEED_SCOPES)`, so calendar_sync never imports them.

A scope answers, for the token's user (everything is filtered by what that person may see):
- resolve(slug, user) -> the object, or None when it does not exist or the user may not read it
  (the feed then answers 404);
- events(user, obj, window) -> [CalendarEvent], cancelled ones kept for the kept days
  (calendar_sync.feeds.bookings.Window: start, end, now);
- fingerprint(user, obj, window) -> something hashable that changes when the events do, read in
  one cheap query (count and latest change), so a 304 is answered without building anything;
- name(obj) -> the calendar's name in calendar apps."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intranet.hooks import registered
from intranet.roles import STAFF_ROLES, has_role

from ..models import AgendaEvent, Room
from ..permissions import calendars_readable_by, can_book, rooms_bookable_by
from ..sources import agenda_event
from . import bookings
from .bookings import Window

FEED_SCOPES = "calendar_sync_feed_scopes"

ROOM, LIBRARY, CALENDAR = "salle", "bibliotheque", "agenda"


@dataclass(frozen=True)
class FeedScope:
    key: str  # the URL segment: salle, bibliotheque, agenda, instance...
    label: Any
    resolve: Callable[..., Any]
    events: Callable[..., list]
    fingerprint: Callable[..., Any]
    name: Callable[[Any], str]
    order: int = 100


def feed_scopes() -> dict[str, FeedScope]:
    return {scope.key: scope for scope in registered(FEED_SCOPES)}


# --- a room, and a library's rooms ------------------------------------------------------------------


def may_follow_room(user, room: Room) -> bool:
    """A room's bookings are for staff and for whoever may book it (as its pages: views.common)."""
    return has_role(user, *STAFF_ROLES) or can_book(user, room)


def resolve_room(slug: str, user) -> Room | None:
    room = Room.objects.active().select_related("library").filter(slug=slug).first()
    return room if room is not None and may_follow_room(user, room) else None


def resolve_library(slug: str, user):
    """The library with the rooms the user may follow; None when there are none."""
    from intranet.models import Library

    library = Library.objects.filter(slug=slug).first()
    if library is None:
        return None
    rooms = Room.objects.active().filter(library=library)
    if not has_role(user, *STAFF_ROLES):
        rooms = rooms_bookable_by(user).filter(library=library)
    room_ids = list(rooms.values_list("pk", flat=True))
    if not room_ids:
        return None
    library.feed_room_ids = room_ids
    return library


def _room_scope(room) -> Q:
    return Q(room_id=room.pk)


def _library_scope(library) -> Q:
    return Q(room_id__in=library.feed_room_ids)


# --- a network calendar -----------------------------------------------------------------------------


def resolve_calendar(slug: str, user):
    return calendars_readable_by(user).filter(slug=slug).first()


def calendar_events_query(calendar, window: Window):
    return AgendaEvent.objects.filter(calendar=calendar).published(window.now).between(window.start, window.end)


def calendar_events(user, calendar, window: Window) -> list:
    return [agenda_event(event) for event in calendar_events_query(calendar, window).select_related("calendar")]


def calendar_fingerprint(user, calendar, window: Window):
    found = calendar_events_query(calendar, window).aggregate(count=Count("pk"), changed=Max("updated_at"))
    return found["count"], found["changed"], calendar.name


def own_scopes() -> list[FeedScope]:
    return [
        FeedScope(ROOM, gettext_lazy("Room"), resolve=resolve_room,
                  events=lambda user, room, window: bookings.booking_feed_events(_room_scope(room), window, user),
                  fingerprint=lambda user, room, window: (*bookings.fingerprint(_room_scope(room), window), room.name,
                                                          room.library.name),
                  name=lambda room: _("%(room)s (%(library)s)") % {"room": room.name, "library": room.library.name},
                  order=10),
        FeedScope(LIBRARY, gettext_lazy("Rooms of a library"), resolve=resolve_library,
                  events=lambda user, library, window: bookings.booking_feed_events(
                      _library_scope(library), window, user),
                  fingerprint=lambda user, library, window: (
                      *bookings.fingerprint(_library_scope(library), window), tuple(library.feed_room_ids),
                      library.name),
                  name=lambda library: _("Rooms of %(library)s") % {"library": library.name}, order=20),
        FeedScope(CALENDAR, gettext_lazy("Network calendar"), resolve=resolve_calendar, events=calendar_events,
                  fingerprint=calendar_fingerprint, name=lambda calendar: calendar.name, order=30),
    ]
