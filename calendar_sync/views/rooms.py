"""The room finder (rooms matching filters, free for a slot) and a room's week."""

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import presenters, selectors
from ..feeds.links import feed_link_for
from ..feeds.scopes import ROOM, may_follow_room
from ..forms import RoomFinderForm, WeekForm
from ..opening import earliest_start
from ..permissions import can_book
from .common import (
    can_view_bookings,
    cleaned_or_fallback,
    renamed_query,
    render_page,
    room_or_404,
)

ROOMS_PER_PAGE = 12
FREE_SLOTS_SHOWN = 5


@renamed_query(bibliotheque="library", capacite="capacity", equipement="equipment", debut="start",
               fin="end")
def rooms(request: HttpRequest) -> HttpResponse:
    form = RoomFinderForm(request.GET or None)
    cleaned_or_fallback(form)
    filters = form.filters() if form.is_bound else {}
    slot = form.slot() if form.is_bound else None
    found = Paginator(selectors.matching_rooms(**filters).values_list("pk", flat=True),
                      ROOMS_PER_PAGE).get_page(request.GET.get("page"))
    cards = presenters.room_cards(found.object_list, can_book=lambda room: can_book(request.user, room), slot=slot)
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(request, "calendar_sync/rooms.html", {
        "form": form, "cards": cards, "card_labels": presenters.room_card_labels(slot), "slot": slot,
        "searched": form.is_bound, "rooms_page": found,
        "room_count": found.paginator.count, "query": query.urlencode(),
    }, section="rooms", status=400 if form.errors else 200)


def room_feed_link(user, room):
    """The room's calendar feed for its subscribe block, for who may follow the room."""
    if not may_follow_room(user, room):
        return None
    return feed_link_for(user, ROOM, room.slug, _("Bookings of %(room)s") % {"room": room.name})


@renamed_query(semaine="week")
def room_week(request: HttpRequest, slug: str) -> HttpResponse:
    room = room_or_404(slug)
    today = timezone.localdate()
    monday = selectors.week_start_of(cleaned_or_fallback(WeekForm(request.GET or None)).get("week") or today)
    user = request.user
    may_book = can_book(user, room)
    after = earliest_start(timezone.now())
    bookings = selectors.room_page_bookings(room=room, monday=monday, after=after)
    grid = presenters.week_grid(selectors.week_view(room=room, monday=monday, bookings=bookings), room=room,
                                viewer=user, may_book=may_book, may_view=can_view_bookings(user, room))
    free = selectors.next_free_slots(room=room, after=after, limit=FREE_SLOTS_SHOWN, bookings=bookings)
    return render_page(request, "calendar_sync/room.html", {
        "room": room,
        "days": grid.days,
        "rows": grid.rows,
        "week_labels": presenters.week_labels(),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_week": (monday - dt.timedelta(days=7)).isoformat(),
        "next_week": (monday + dt.timedelta(days=7)).isoformat(),
        "is_this_week": monday == selectors.week_start_of(today),
        "today": today,
        "may_book": may_book,
        "free_slots": presenters.free_slots(room, free),
        "approvers": [approver.get_full_name() or approver.email for approver in room.approvers.all()],
        "room_feed": room_feed_link(user, room),
    }, section="rooms")
