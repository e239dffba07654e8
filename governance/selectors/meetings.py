"""Reads of a meeting's page, the site's search and the calendars' event source, each at a
constant number of queries.

Times of the agenda are computed in absolute time and shown in Europe/Paris: an hour-long item
that starts at 01:30 on the night clocks go forward ends at 03:30, and the meeting's length is the
time that really passes between its start and its end."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from calendar_sync.models import Booking, Room
from intranet.models import Person

from ..models import ActionItem, AgendaItem, Attachment, BodyPage, Meeting, Membership
from ..models.meetings import MeetingStatus
from ..permissions import visible_bodies_q
from .bodies import attach_bodies

ACTIONS_SHOWN = 100
SEARCH_LIMIT = 10


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes that really pass from start to end (UTC arithmetic: Python subtracts two
    datetimes of one zone by their wall clocks, which is an hour off across a change)."""
    return int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)


def attachment_url(attachment: Attachment) -> str:
    """The download link of an attachment; the view that serves it is governance.views.attachments'
    (checking who asks), and until that module names its URL the file is listed without a link."""
    try:
        return attachment.get_absolute_url()
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class AttachmentLine:
    attachment: Attachment
    url: str


@dataclass(frozen=True)
class ScheduledItem:
    """An agenda item with its computed times (local, Europe/Paris)."""

    item: AgendaItem
    number: int
    start: dt.datetime
    end: dt.datetime
    attachments: list[AttachmentLine]
    past_meeting_end: bool  # starts or runs after the meeting's planned end


@dataclass(frozen=True)
class Agenda:
    items: list[ScheduledItem]
    total_minutes: int
    length_minutes: int

    @property
    def overrun_minutes(self) -> int:
        return max(0, self.total_minutes - self.length_minutes)

    @property
    def overruns(self) -> bool:
        return self.total_minutes > self.length_minutes

    @property
    def spare_minutes(self) -> int:
        return max(0, self.length_minutes - self.total_minutes)


def schedule(meeting: Meeting, items: list[AgendaItem]) -> Agenda:
    """Each item's start: the meeting's start plus the durations of the items before it."""
    cursor = meeting.start.astimezone(dt.UTC)
    meeting_end = meeting.end.astimezone(dt.UTC)
    scheduled = []
    for number, item in enumerate(items, start=1):
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        scheduled.append(ScheduledItem(
            item=item, number=number, start=timezone.localtime(cursor), end=timezone.localtime(end),
            attachments=[AttachmentLine(attachment, attachment_url(attachment))
                         for attachment in item.attachments.all()],
            past_meeting_end=end > meeting_end))
        cursor = end
    return Agenda(items=scheduled, total_minutes=sum(item.duration_minutes for item in items),
                  length_minutes=minutes_between(meeting.start, meeting.end))


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    """The items in order, with presenter and attachments: two queries."""
    return list(
        AgendaItem.objects.filter(meeting=meeting).select_related("presenter")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("name", "pk")))
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class ActionFollowUp:
    actions: list[ActionItem]
    more: bool  # there are more than ACTIONS_SHOWN


def open_actions(meeting: Meeting) -> ActionFollowUp:
    """The body's open actions, for the « Suivi des actions » item: the oldest due first."""
    actions = list(ActionItem.objects.open().filter(body_id=meeting.body_id).select_related("owner", "meeting")
                   .order_by("due_date", "pk")[:ACTIONS_SHOWN + 1])
    return ActionFollowUp(actions=actions[:ACTIONS_SHOWN], more=len(actions) > ACTIONS_SHOWN)


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    agenda: Agenda
    follow_up: ActionFollowUp
    local_start: dt.datetime
    local_end: dt.datetime


def meeting_page(meeting: Meeting) -> MeetingPage:
    """What the meeting's page shows; `meeting` comes with its body, room and library (views.common
    meeting_or_404). Three queries: items, their attachments, open actions."""
    return MeetingPage(meeting=meeting, agenda=schedule(meeting, agenda_items(meeting)),
                       follow_up=open_actions(meeting), local_start=timezone.localtime(meeting.start),
                       local_end=timezone.localtime(meeting.end))


def current_member_people(body) -> list[Person]:
    """The body's current members, once each (one query): who may present an item."""
    memberships = Membership.objects.serving(timezone.localdate()).filter(body=body).values("person_id")
    return list(Person.objects.filter(pk__in=memberships).order_by("last_name", "first_name", "pk"))


# --- search and calendars ---------------------------------------------------------------------

def search_meetings(user, text: str, *, limit: int = SEARCH_LIMIT) -> list[Meeting]:
    """Meetings of the bodies this user may see whose title or body's name holds `text`, the most
    recent first (one query)."""
    text = (text or "").strip()
    if not text:
        return []
    matches = Q(title__icontains=text) | Q(body__title__icontains=text) | Q(body__short_name__icontains=text)
    found = list(Meeting.objects.filter(matches, body__in=_visible_bodies(user)).order_by("-start", "-pk")[:limit])
    attach_bodies(found)
    return found


def _visible_bodies(user):
    return BodyPage.objects.live().filter(visible_bodies_q(user)).values("pk")


def visible_meetings_between(user, start: dt.datetime, end: dt.datetime) -> list[Meeting]:
    """The non-cancelled meetings of the bodies this user may see that meet [start, end)."""
    return list(
        Meeting.objects.not_cancelled().filter(body__in=_visible_bodies(user), start__lt=end, end__gt=start)
        .select_related("body", "room__library").order_by("start", "pk")
    )


def personal_meetings_between(person, start: dt.datetime, end: dt.datetime) -> list[Meeting]:
    """The meetings between start and end of the bodies `person` sits on today, cancelled ones
    included (a subscribed calendar removes them when told they are cancelled)."""
    if person is None:
        return []
    bodies = Membership.objects.serving(timezone.localdate()).filter(person=person).values("body_id")
    return list(
        Meeting.objects.filter(body__in=bodies, body__live=True, start__lt=end, end__gt=start)
        .select_related("body", "room__library").order_by("start", "pk")
    )


# --- a body's calendar feed (calendar_sync.feeds.scopes) -----------------------------------------

BODY_FEED_SCOPE = "instance"


def _body_feed_query(body, window):
    """The body's meetings in the feed's window; cancelled ones for the kept days after their last
    change (calendar apps then drop them)."""
    kept = ~Q(status=MeetingStatus.CANCELLED) | Q(updated_at__gte=window.kept_cancelled_since)
    return Meeting.objects.filter(kept, body=body, start__lt=window.end, end__gt=window.start)


def body_feed_meetings(body, window) -> list[Meeting]:
    return list(_body_feed_query(body, window).select_related("body", "room__library").order_by("start", "pk"))


def body_feed_fingerprint(body, window) -> tuple:
    found = _body_feed_query(body, window).aggregate(count=Count("pk"), changed=Max("updated_at"))
    return found["count"], found["changed"]


def body_feed_link(user, body):
    """The body's feed for the subscribe block of its page (None without a token)."""
    from calendar_sync.feeds.links import feed_link_for

    return feed_link_for(user, BODY_FEED_SCOPE, body.slug, gettext("Meetings of %(body)s") % {"body": body.title})


# --- the room of a meeting --------------------------------------------------------------------

ROOM_OPTIONS_MAX = 30


@dataclass(frozen=True)
class RoomOptions:
    rooms: list[Room]
    searched: bool
    truncated: bool  # more rooms matched than are listed


def room_options(body, *, search: str = "", slot: tuple[dt.datetime, dt.datetime] | None = None,
                 keep=()) -> RoomOptions:
    """The rooms a meeting's form offers, never the whole network's (420 libraries at 30x): by
    default the head office's and those of the libraries the body's members work in; with
    `search`, the rooms whose library or town matches (free for `slot` if given), as the rooms'
    finder reads it. `keep`: rooms listed whatever the filter (the meeting's own, the one chosen)."""
    search = (search or "").strip()
    rooms = Room.objects.active()
    if search:
        # As the rooms' finder reads a library (its name, town, or slug for accents), and the room's name.
        matches = (Q(name__icontains=search) | Q(library__name__icontains=search)
                   | Q(library__commune__icontains=search))
        if slug := slugify(search):
            matches |= Q(library__slug__contains=slug) | Q(slug__contains=slug)
        rooms = rooms.filter(matches)
        if slot:
            taken = Booking.objects.filter(room=OuterRef("pk")).active().overlapping(start=slot[0], end=slot[1])
            rooms = rooms.exclude(Exists(taken))
    else:
        libraries = Membership.objects.serving(timezone.localdate()).filter(body=body).values("person__library_id")
        rooms = rooms.filter(Q(library__in=libraries) | Q(library__is_head_office=True))
    rooms = list(rooms.select_related("library").order_by("-library__is_head_office", "library__name", "name", "pk")
                 [:ROOM_OPTIONS_MAX + 1])
    truncated = len(rooms) > ROOM_OPTIONS_MAX
    rooms = rooms[:ROOM_OPTIONS_MAX]
    listed = {room.pk for room in rooms}
    extra = [room for room in keep if room is not None and room.pk not in listed]
    return RoomOptions(rooms=extra + rooms, searched=bool(search), truncated=truncated)


def location_of(meeting: Meeting) -> str:
    """Where the meeting is, on one line (calendars, emails): the room and its library's address,
    or the place written out, and the video link."""
    parts = []
    if meeting.room is not None:
        library = meeting.room.library
        address = " ".join(library.address.split()) if library.address else library.commune
        parts.append(f"{meeting.room.name}, {library.name} — {address}")
    if meeting.place:
        parts.append(meeting.place)
    if meeting.video_url:
        parts.append(meeting.video_url)
    return " · ".join(parts)
