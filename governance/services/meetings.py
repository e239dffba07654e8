"""Writes of meetings and their agenda. Every rule of a meeting lives here; the site's pages, the
admin and the demo data call these functions.

- Only who runs the body (permissions.can_run: its secretary and chair, Coordination) plans,
  changes, cancels a meeting and edits its agenda.
- A meeting in a room of the network holds a real booking of that room, made, moved and freed
  through calendar_sync's booking services: the room can never be double-booked, and whatever
  refuses the booking (the slot is taken, the room closes at 19:00...) refuses the meeting's change
  as a whole, with the reason in words.
- A cancelled meeting, or one that is over, no longer changes (marking it held aside).
- A change of time or place raises the meeting's iCalendar sequence and sends
  `governance.signals.meeting_changed`, which the convocations answer with an update; a
  cancellation sends it with `cancelled=True`.
- Every meeting opens with the « Suivi des actions » item, which lists the body's open actions.

For the proposals: `append_item(meeting, **fields)` adds an item at the end of an agenda without
checking who asks (the caller has: accepting a proposal is for who runs the body)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from calendar_sync import presenters as booking_presenters
from calendar_sync import services as booking_services
from calendar_sync.models import Booking, Room
from calendar_sync.permissions import can_manage_booking
from intranet.models import Person
from intranet.text import ALLOWED_TAGS, clean_html, clean_line

from .. import permissions, rules
from ..errors import NotAllowed, Refused
from ..models import AgendaItem, AgendaItemKind, BodyPage, Meeting, MeetingStatus, Membership
from ..models.meetings import DURATION_VALIDATORS
from ..signals import meeting_changed

__all__ = [
    "ACTION_REVIEW_MINUTES", "agenda_item_add", "agenda_item_delete", "agenda_item_move", "agenda_item_update",
    "append_item", "meeting_cancel", "meeting_create", "meeting_mark_held", "meeting_update",
]

ACTION_REVIEW_MINUTES = 10
TITLE_MAX = 200
PLACE_MAX = 200
DESCRIPTION_MAX = 20_000
MEETING_FIELDS = frozenset({"title", "start", "end", "room", "place", "video_url", "proposal_deadline"})
ITEM_FIELDS = frozenset({"title", "kind", "duration_minutes", "presenter", "description"})
UP, DOWN = "up", "down"
# A description holding one of the allowed tags is HTML; anything else is text typed as it reads.
HTML_TAG = re.compile(r"</?(?:" + "|".join(sorted(ALLOWED_TAGS)) + r")\b", re.IGNORECASE)


# --- checks -----------------------------------------------------------------------------------

def _check_runner(by: Person | None, body: BodyPage) -> None:
    if by is None or by.user is None or not permissions.can_run(by.user, body):
        raise NotAllowed(_("Only the secretary, the chair of the body or Coordination can do this."))


def _check_changeable(meeting: Meeting, now: dt.datetime) -> None:
    if meeting.is_cancelled:
        raise Refused(_("This meeting is cancelled: it can no longer be changed."))
    if meeting.end <= now:
        raise Refused(_("This meeting is over: it can no longer be changed."))


def _clean_title(title: str) -> str:
    title = clean_line(title or "")
    if not title:
        raise Refused(_("Give the meeting a title."))
    if len(title) > TITLE_MAX:
        raise Refused(_("A title has %(max)d characters at most.") % {"max": TITLE_MAX})
    return title


def _clean_place(place: str) -> str:
    place = clean_line(place or "")
    if len(place) > PLACE_MAX:
        raise Refused(_("A place has %(max)d characters at most.") % {"max": PLACE_MAX})
    return place


def _clean_video_url(url: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError as exc:
            raise Refused(_("The video link must be a web address starting with https://.")) from exc
    return url


def _check_times(*, start: dt.datetime, end: dt.datetime, deadline: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end) or timezone.is_naive(deadline):
        raise ValueError("meeting times must be aware datetimes")
    if end <= start:
        raise Refused(_("The end must be after the start."))
    if deadline > start:
        raise Refused(_("The deadline for agenda proposals must come before the meeting starts."))


def _check_place(*, room: Room | None, place: str, video_url: str, new_room: bool = True) -> None:
    """At least one place; a room newly chosen must still be in use (one already booked stays)."""
    if room is None and not place and not video_url:
        raise Refused(_("Say where the meeting takes place: a room of the network, a place or a video link."))
    if new_room and room is not None and not room.active:
        raise Refused(_("The room %(room)s can no longer be booked.") % {"room": room.name})


# --- the room booking, through calendar_sync --------------------------------------------------

def _attendees(body: BodyPage, room: Room) -> int:
    """The body's current members, as many as the room holds (a large body still books its room;
    who comes is the convocation's business)."""
    members = Membership.objects.serving(timezone.localdate()).filter(body=body).count()
    return max(1, min(members, room.capacity))


def _booking_refusal(room: Room, exc: Exception, viewer) -> Refused:
    """calendar_sync's refusal of a booking, as the secretary reads it: what blocks, in which room."""
    if isinstance(exc, booking_services.BookingConflict):
        blocking = exc.blocking
        if blocking is None:
            return Refused(booking_presenters.conflict_message(None, viewer))
        return Refused(_("The room %(room)s is already booked from %(start)s to %(end)s "
                         "(« %(title)s », by %(organizer)s). Choose another time or another room.") % {
            "room": room.name, "start": booking_presenters.hhmm(blocking.start),
            "end": booking_presenters.hhmm(blocking.end), "title": blocking.title_for(viewer),
            "organizer": blocking.organizer.full_name})
    if isinstance(exc, booking_services.BookingRefused):
        return Refused(_("%(room)s: %(reason)s") % {"room": room.name, "reason": exc.message})
    return Refused(_("The booking of %(room)s can only be changed by its organizer or Coordination.")
                   % {"room": room.name})


BOOKING_ERRORS = (booking_services.BookingConflict, booking_services.BookingRefused,
                  booking_services.BookingForbidden)


def _book(*, room: Room, by: Person, body: BodyPage, title: str, start: dt.datetime, end: dt.datetime) -> Booking:
    try:
        return booking_services.booking_create(room=room, organizer=by, start=start, end=end, title=title,
                                               attendees=_attendees(body, room), by=by)
    except BOOKING_ERRORS as exc:
        raise _booking_refusal(room, exc, by.user) from exc


def _acting_for(booking: Booking, by: Person) -> Person:
    """Who calendar_sync sees changing the booking. The body's runners may change its meetings
    (checked before); the booking itself is its organizer's, so when another runner changes the
    meeting the booking is changed in the organizer's name."""
    return by if can_manage_booking(by.user, booking) else booking.organizer


def _move(*, booking: Booking, by: Person, **changes) -> None:
    try:
        booking_services.booking_update(booking=booking, by=_acting_for(booking, by), **changes)
    except BOOKING_ERRORS as exc:
        raise _booking_refusal(booking.room, exc, by.user) from exc


def _free(*, booking: Booking, by: Person, reason: str) -> None:
    try:
        booking_services.booking_cancel(booking=booking, by=_acting_for(booking, by), reason=reason)
    except BOOKING_ERRORS as exc:
        raise _booking_refusal(booking.room, exc, by.user) from exc


def _holds_room(booking: Booking | None, now: dt.datetime) -> bool:
    return booking is not None and booking.is_cancellable(now)


def _locked(meeting: Meeting) -> Meeting:
    return (Meeting.objects.select_for_update(of=("self",))
            .select_related("body", "room__library", "booking__organizer", "booking__room")
            .get(pk=meeting.pk))


def _changed(meeting: Meeting, *, by: Person, cancelled: bool, reason: str = "") -> None:
    meeting_changed.send(sender=Meeting, meeting=meeting, by=by, cancelled=cancelled, reason=reason)


# --- meetings ---------------------------------------------------------------------------------

@transaction.atomic
def meeting_create(*, body: BodyPage, by: Person, title: str, start: dt.datetime, end: dt.datetime,
                   room: Room | None = None, place: str = "", video_url: str = "",
                   proposal_deadline: dt.datetime | None = None) -> Meeting:
    """Plan a meeting of `body`: in `room` (booked now, for the meeting's title and times), or at a
    `place` written out, and/or by video. The proposal deadline defaults to seven days before."""
    _check_runner(by, body)
    title, place, video_url = _clean_title(title), _clean_place(place), _clean_video_url(video_url)
    deadline = proposal_deadline or rules.default_proposal_deadline(start)
    _check_times(start=start, end=end, deadline=deadline)
    if start <= timezone.now():
        raise Refused(_("This start is in the past: a meeting is planned ahead."))
    _check_place(room=room, place=place, video_url=video_url)
    meeting = Meeting(body=body, title=title, start=start, end=end, room=room, place=place, video_url=video_url,
                      proposal_deadline=deadline, created_by=by)
    if room is not None:
        meeting.booking = _book(room=room, by=by, body=body, title=title, start=start, end=end)
    meeting.save()
    AgendaItem.objects.create(meeting=meeting, position=1, title=_("Follow-up of actions"),
                              kind=AgendaItemKind.INFORMATION, duration_minutes=ACTION_REVIEW_MINUTES,
                              is_action_review=True)
    return meeting


def _new_deadline(meeting: Meeting, changes: dict, start: dt.datetime) -> dt.datetime:
    """The deadline given, or else the default one when the meeting moves and had the default
    (seven days before follows the meeting), or else the one it had."""
    if changes.get("proposal_deadline") is not None:
        return changes["proposal_deadline"]
    if "proposal_deadline" in changes:  # None: back to the default
        return rules.default_proposal_deadline(start)
    if start != meeting.start and meeting.proposal_deadline == rules.default_proposal_deadline(meeting.start):
        return rules.default_proposal_deadline(start)
    return meeting.proposal_deadline


@transaction.atomic
def meeting_update(*, meeting: Meeting, by: Person, **changes) -> Meeting:
    """Change a planned meeting: title, start, end, room, place, video_url, proposal_deadline (the
    others keep their value). Its booking follows: moved with the times, freed and replaced when the
    room changes; anything that refuses the booking refuses the whole change. A new time or place
    raises the sequence and sends `meeting_changed`."""
    if unknown := set(changes) - MEETING_FIELDS:
        raise TypeError(f"meeting_update() got unexpected fields: {', '.join(sorted(unknown))}")
    meeting = _locked(meeting)
    _check_runner(by, meeting.body)
    now = timezone.now()
    _check_changeable(meeting, now)
    title = _clean_title(changes["title"]) if "title" in changes else meeting.title
    start, end = changes.get("start") or meeting.start, changes.get("end") or meeting.end
    room = changes.get("room", meeting.room)
    place = _clean_place(changes["place"]) if "place" in changes else meeting.place
    video_url = _clean_video_url(changes["video_url"]) if "video_url" in changes else meeting.video_url
    deadline = _new_deadline(meeting, changes, start)
    _check_times(start=start, end=end, deadline=deadline)
    times_changed = (start, end) != (meeting.start, meeting.end)
    room_changed = (room.pk if room else None) != meeting.room_id
    place_changed = room_changed or place != meeting.place or video_url != meeting.video_url
    if times_changed and start <= now:
        raise Refused(_("This start is in the past: a meeting is planned ahead."))
    _check_place(room=room, place=place, video_url=video_url, new_room=room_changed)

    booking = meeting.booking
    if room_changed:
        if _holds_room(booking, now):
            _free(booking=booking, by=by, reason=_("The meeting « %(title)s » moved to another place.")
                  % {"title": meeting.title})
        meeting.booking = _book(room=room, by=by, body=meeting.body, title=title, start=start,
                                end=end) if room else None
    elif room is not None:
        if booking is not None and booking.is_editable(now) and (times_changed or title != booking.title):
            _move(booking=booking, by=by, title=title, start=start, end=end)
        elif times_changed and not _holds_room(booking, now):
            # The booking went away (rejected by an approver, cancelled from the rooms' pages): the
            # meeting's new time books the room again.
            meeting.booking = _book(room=room, by=by, body=meeting.body, title=title, start=start, end=end)
        elif times_changed:
            raise Refused(_("The room booking has started: its times can no longer be changed."))

    meeting.title, meeting.start, meeting.end, meeting.room = title, start, end, room
    meeting.place, meeting.video_url, meeting.proposal_deadline = place, video_url, deadline
    if times_changed or place_changed:
        meeting.sequence += 1
    meeting.save()
    if times_changed or place_changed:
        _changed(meeting, by=by, cancelled=False)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Person, reason: str = "") -> Meeting:
    """Cancel a planned meeting: its room is freed, the sequence raised and `meeting_changed` sent
    with cancelled=True (and the reason, for the cancellation the members get)."""
    meeting = _locked(meeting)
    _check_runner(by, meeting.body)
    now = timezone.now()
    _check_changeable(meeting, now)
    reason = clean_line(reason or "")
    if _holds_room(meeting.booking, now):
        _free(booking=meeting.booking, by=by,
              reason=reason or _("The meeting « %(title)s » is cancelled.") % {"title": meeting.title})
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    _changed(meeting, by=by, cancelled=True, reason=reason)
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by: Person) -> Meeting:
    """Record that a meeting took place (once it has started)."""
    meeting = _locked(meeting)
    _check_runner(by, meeting.body)
    if meeting.is_cancelled:
        raise Refused(_("This meeting is cancelled: it cannot be marked as held."))
    if meeting.status == MeetingStatus.HELD:
        raise Refused(_("This meeting is already marked as held."))
    if meeting.start > timezone.now():
        raise Refused(_("This meeting has not started yet: it can be marked as held once it has begun."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


# --- the agenda -------------------------------------------------------------------------------

def _item_fields(*, title: str, kind: str, duration_minutes: int, presenter: Person | None = None,
                 description: str = "") -> dict:
    title = clean_line(title or "")
    if not title:
        raise Refused(_("Give the agenda item a title."))
    if len(title) > TITLE_MAX:
        raise Refused(_("A title has %(max)d characters at most.") % {"max": TITLE_MAX})
    if kind not in AgendaItemKind.values:
        raise Refused(_("Choose the kind of item: information, discussion or decision."))
    try:
        duration = int(duration_minutes)
        for validator in DURATION_VALIDATORS:
            validator(duration)
    except (TypeError, ValueError, ValidationError) as exc:
        raise Refused(_("An item lasts between 1 and 600 minutes.")) from exc
    description = (description or "").strip()
    if description and not HTML_TAG.search(description):
        # Plain text typed in the form: its paragraphs and line breaks kept, as HTML.
        description = linebreaks(description, autoescape=True)
    description = clean_html(description)
    if len(description) > DESCRIPTION_MAX:
        raise Refused(_("A description has %(max)d characters at most.") % {"max": DESCRIPTION_MAX})
    return {"title": title, "kind": kind, "duration_minutes": duration, "presenter": presenter,
            "description": description}


def _lock_agenda(meeting: Meeting) -> Meeting:
    """The meeting's row, locked: two edits of one agenda number their items one after the other."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


@transaction.atomic
def append_item(meeting: Meeting, *, title: str, kind: str = AgendaItemKind.DISCUSSION, duration_minutes: int = 15,
                presenter: Person | None = None, description: str = "", proposal=None) -> AgendaItem:
    """Add an item at the end of the agenda. No permission check: the caller has made it (the
    proposals' acceptance, for who runs the body). Refuses a cancelled or ended meeting and bad
    fields (errors.Refused); the description is cleaned HTML (intranet.text.clean_html)."""
    meeting = _lock_agenda(meeting)
    _check_changeable(meeting, timezone.now())
    fields = _item_fields(title=title, kind=kind, duration_minutes=duration_minutes, presenter=presenter,
                          description=description)
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(meeting=meeting, position=last + 1, proposal=proposal, **fields)


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, by: Person, title: str, kind: str, duration_minutes: int,
                    presenter: Person | None = None, description: str = "") -> AgendaItem:
    _check_runner(by, meeting.body)
    return append_item(meeting, title=title, kind=kind, duration_minutes=duration_minutes, presenter=presenter,
                       description=description)


def _item_for_change(item: AgendaItem, by: Person) -> tuple[AgendaItem, Meeting]:
    meeting = _lock_agenda(item.meeting)
    _check_runner(by, meeting.body)
    _check_changeable(meeting, timezone.now())
    return AgendaItem.objects.select_related("presenter").get(pk=item.pk), meeting


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, by: Person, **changes) -> AgendaItem:
    """Change an item: title, kind, duration_minutes, presenter, description. The follow-up of
    actions keeps its title and kind."""
    if unknown := set(changes) - ITEM_FIELDS:
        raise TypeError(f"agenda_item_update() got unexpected fields: {', '.join(sorted(unknown))}")
    item, _meeting = _item_for_change(item, by)
    current = {name: getattr(item, name) for name in ITEM_FIELDS}
    wanted = {**current, **changes}
    if item.is_action_review and (clean_line(wanted["title"]) != item.title or wanted["kind"] != item.kind):
        raise Refused(_("The follow-up of actions keeps its title and kind."))
    for name, value in _item_fields(**wanted).items():
        setattr(item, name, value)
    item.save()
    return item


def _renumber(items: list[AgendaItem]) -> None:
    changed = []
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: Person) -> None:
    item, meeting = _item_for_change(item, by)
    if item.is_action_review:
        raise Refused(_("The follow-up of actions is part of every meeting: it cannot be removed."))
    item.delete()
    _renumber(list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk")))


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: Person, direction: str) -> AgendaItem:
    """Move an item one place up or down the agenda (a no-op at either end); positions are then
    1, 2, 3... in order."""
    if direction not in (UP, DOWN):
        raise Refused(_("An item moves up or down."))
    item, meeting = _item_for_change(item, by)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))
    index = next(index for index, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == UP else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)
    return next(other for other in items if other.pk == item.pk)
