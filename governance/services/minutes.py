"""Attendance and minutes: who was at a meeting, and the minutes' cycle draft -> submitted ->
approved at the body's next meeting, locked once approved (a correction is a new numbered version,
and the approved one is superseded when the correction is approved in turn).

Who: the body's secretary, chair and Coordination record attendance and write, submit, return and
correct the minutes (permissions.can_run); only the chair and Coordination approve them
(permissions.can_approve_minutes). Every function locks the meeting's row first, so two
secretaries saving at once write one after the other (the database's one-open-version constraint
has the last word)."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.text import clean_html, clean_text

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ItemMinutes,
    Meeting,
    Membership,
    Minutes,
    MinutesStatus,
)
from ..models.bodies import VOTING_ROLES

# Who is in the room (or on the line) and so may hold another member's proxy.
PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)
OPEN_STATUSES = (MinutesStatus.DRAFT, MinutesStatus.SUBMITTED)
MAX_REASON_LENGTH = 2000


class AttendanceRefused(Refused):
    """A line of the attendance list is refused; `person` names it so the form shows the error on
    that person's row."""

    def __init__(self, message, person: Person | None = None):
        super().__init__(message)
        self.person = person


def _user(by: Person):
    return by.user if by is not None and by.user_id else None


def _require_run(by: Person, meeting: Meeting) -> None:
    if not permissions.can_run(_user(by), meeting.body):
        raise NotAllowed(_("Only the secretary, the chair of the body or the coordination can do this."))


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked until the end of the transaction (PostgreSQL; SQLite's IMMEDIATE
    transactions already write one at a time)."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _local(when: dt.datetime) -> dict:
    local = timezone.localtime(when)
    return {"date": formats.date_format(local, "l j F Y"), "time": formats.time_format(local, "H:i")}


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise Refused(_("This meeting was cancelled: it has neither attendance nor minutes."))


def _refuse_before_start(meeting: Meeting, what: str) -> None:
    if timezone.now() < meeting.start:
        raise Refused(what % _local(meeting.start))


def members_on(meeting: Meeting) -> list[Membership]:
    """The memberships current on the day of the meeting (guests included), one per person: the
    people whose attendance is recorded."""
    day = timezone.localdate(meeting.start)
    by_person: dict[int, Membership] = {}
    for membership in (Membership.objects.current(day).filter(body_id=meeting.body_id)
                       .select_related("person").order_by("person__last_name", "person__first_name", "role")):
        held = by_person.get(membership.person_id)
        # Someone both guest and member counts as a member (they may hold a proxy).
        if held is None or (not held.votes and membership.votes):
            by_person[membership.person_id] = membership
    return list(by_person.values())


def _latest(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).order_by("-version").first()


def check_attendance_open(meeting: Meeting) -> None:
    """Refused unless the attendance list may be recorded now (the attendance page asks first)."""
    _refuse_if_cancelled(meeting)
    _refuse_before_start(meeting, _("Attendance is recorded once the meeting has started, on %(date)s at %(time)s."))
    latest = _latest(meeting)
    if latest is not None and latest.status == MinutesStatus.SUBMITTED:
        raise Refused(_("The minutes are waiting for approval: return them to draft to change the attendance."))
    if latest is not None and latest.is_locked:
        raise Refused(_("The minutes are approved and locked: make a correction to change the attendance."))


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: Person,
                      entries: Iterable[tuple[Person, str, Person | None]]) -> list[Attendance]:
    """Record the meeting's attendance list: `entries` of (person, status, represented_by), the
    whole list (people left out are no longer recorded). Each person is a member or guest of the
    body on the day of the meeting; someone represented is represented by another voting member
    who is present or remote. Recorded once the meeting has started, and no longer once its
    minutes are waiting for approval or approved (the list is part of them)."""
    meeting = _locked_meeting(meeting)
    _require_run(by, meeting)
    check_attendance_open(meeting)

    members = {membership.person_id: membership for membership in members_on(meeting)}
    lines: dict[int, tuple[Person, str, Person | None]] = {}
    for person, status, represented_by in entries:
        if person.pk not in members:
            raise AttendanceRefused(_("%(name)s is neither a member nor a guest of the body on the day of the "
                                      "meeting.") % {"name": person.full_name}, person)
        if person.pk in lines:
            raise AttendanceRefused(_("%(name)s appears twice in the list.") % {"name": person.full_name}, person)
        if status not in AttendanceStatus.values:
            raise AttendanceRefused(_("Choose an attendance for %(name)s.") % {"name": person.full_name}, person)
        lines[person.pk] = (person, status, represented_by)

    for person, status, represented_by in lines.values():
        names = {"name": person.full_name}
        if status != AttendanceStatus.REPRESENTED:
            if represented_by is not None:
                raise AttendanceRefused(_("%(name)s is not marked as represented: leave « represented by » "
                                          "empty.") % names, person)
            continue
        if represented_by is None:
            raise AttendanceRefused(_("Say who represents %(name)s.") % names, person)
        if represented_by.pk == person.pk:
            raise AttendanceRefused(_("%(name)s cannot represent themselves.") % names, person)
        holder = members.get(represented_by.pk)
        if holder is None or holder.role not in VOTING_ROLES:
            raise AttendanceRefused(_("%(name)s can only be represented by a member of the body.") % names, person)
        holder_line = lines.get(represented_by.pk)
        if holder_line is None or holder_line[1] not in PRESENT_STATUSES:
            raise AttendanceRefused(
                _("%(name)s can only be represented by a member who is present: %(holder)s is not marked "
                  "present.") % {**names, "holder": represented_by.full_name}, person)

    Attendance.objects.filter(meeting=meeting).exclude(person_id__in=list(lines)).delete()
    existing = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    recorded = []
    for person, status, represented_by in lines.values():
        row = existing.get(person.pk) or Attendance(meeting=meeting, person=person)
        row.status, row.represented_by = status, represented_by
        row.save()
        recorded.append(row)
    return recorded


def _check_items(meeting: Meeting, items: dict) -> dict[int, str]:
    known = set(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    texts = {}
    for item_pk, html in items.items():
        if int(item_pk) not in known:
            raise Refused(_("This item is not on the agenda of the meeting."))
        texts[int(item_pk)] = clean_html(html)
    return texts


def check_minutes_editable(meeting: Meeting) -> Minutes | None:
    """The draft being written (None when there is none yet), or Refused when the minutes may not
    be changed: waiting for approval, or approved and locked (the edit page asks first)."""
    _refuse_if_cancelled(meeting)
    latest = _latest(meeting)
    if latest is None or latest.status == MinutesStatus.DRAFT:
        return latest
    if latest.status == MinutesStatus.SUBMITTED:
        raise Refused(_("These minutes are waiting for approval: return them to draft to change them."))
    raise Refused(_("Version %(version)d of the minutes is approved and locked: make a correction to change "
                    "it.") % {"version": latest.version})


@transaction.atomic
def minutes_save(*, meeting: Meeting, by: Person, summary: str, items: dict[int, str]) -> Minutes:
    """Write the minutes: the general remarks and the text of each agenda item ({item pk: HTML},
    cleaned with intranet.text.clean_html; an empty text removes the item's text). Makes version 1
    as a draft when there is none yet, else edits the draft being written. Minutes waiting for
    approval are returned to draft first; approved minutes are locked (a correction makes a new
    version)."""
    meeting = _locked_meeting(meeting)
    _require_run(by, meeting)
    minutes = check_minutes_editable(meeting)
    texts = _check_items(meeting, items)
    if minutes is None:
        try:
            with transaction.atomic():
                minutes = Minutes.objects.create(meeting=meeting, version=1, status=MinutesStatus.DRAFT,
                                                 written_by=by)
        except IntegrityError as exc:  # another secretary started them a moment ago
            raise Refused(_("Someone else has just started these minutes: open them again.")) from exc

    minutes.summary = clean_html(summary)
    minutes.written_by = by
    minutes.save()
    existing = {row.item_id: row for row in ItemMinutes.objects.filter(minutes=minutes)}
    for item_pk, text in texts.items():
        row = existing.get(item_pk)
        if not text:
            if row is not None:
                row.delete()
            continue
        if row is None:
            ItemMinutes.objects.create(minutes=minutes, item_id=item_pk, text=text)
        elif row.text != text:
            row.text = text
            row.save(update_fields=["text"])
    return minutes


def _current(minutes: Minutes) -> tuple[Minutes, Meeting]:
    """The minutes as they are now in the database (another tab may have moved them on), with their
    meeting locked."""
    meeting = _locked_meeting(minutes.meeting)
    current = Minutes.objects.get(pk=minutes.pk)
    current.meeting = meeting
    return current, meeting


@transaction.atomic
def minutes_submit(*, minutes: Minutes, by: Person) -> Minutes:
    """A draft is submitted for approval at the body's next meeting."""
    minutes, meeting = _current(minutes)
    _require_run(by, meeting)
    _refuse_if_cancelled(meeting)
    if minutes.status != MinutesStatus.DRAFT:
        raise Refused(_("Only a draft can be submitted for approval."))
    _refuse_before_start(meeting, _("The minutes can be submitted once the meeting has started, on %(date)s at "
                                    "%(time)s."))
    minutes.status = MinutesStatus.SUBMITTED
    minutes.submitted_at = timezone.now()
    minutes.save(update_fields=["status", "submitted_at", "updated_at"])
    return minutes


@transaction.atomic
def minutes_return_to_draft(*, minutes: Minutes, by: Person) -> Minutes:
    """Submitted minutes go back to draft, to be changed before they are approved."""
    minutes, meeting = _current(minutes)
    _require_run(by, meeting)
    if minutes.status != MinutesStatus.SUBMITTED:
        raise Refused(_("Only minutes waiting for approval can be returned to draft."))
    minutes.status = MinutesStatus.DRAFT
    minutes.submitted_at = None
    minutes.save(update_fields=["status", "submitted_at", "updated_at"])
    return minutes


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's first meeting after this one (not cancelled), started or not."""
    return (Meeting.objects.not_cancelled().filter(body_id=meeting.body_id, start__gt=meeting.start)
            .order_by("start").first())


def check_approval_meeting(minutes: Minutes, at_meeting: Meeting | None, *, now: dt.datetime) -> None:
    """Minutes are approved at a later meeting of the same body that has started. Also what the
    minutes page asks before it offers the approval."""
    meeting = minutes.meeting
    if at_meeting is None or at_meeting.body_id != meeting.body_id or at_meeting.start <= meeting.start:
        following = next_meeting(meeting)
        if following is None:
            raise Refused(_("The minutes are approved at the body's next meeting, and none is planned yet."))
        if following.start > now:
            raise Refused(_("The minutes will be approved at the body's next meeting, on %(date)s.")
                          % _local(following.start))
        raise Refused(_("Choose the meeting of the body, after this one, at which the minutes are approved."))
    if at_meeting.is_cancelled:
        raise Refused(_("This meeting was cancelled: the minutes cannot be approved at it."))
    if at_meeting.start > now:
        raise Refused(_("The minutes will be approved at the body's next meeting, on %(date)s.")
                      % _local(at_meeting.start))


@transaction.atomic
def minutes_approve(*, minutes: Minutes, by: Person, at_meeting: Meeting | None) -> Minutes:
    """The chair or Coordination records the approval of submitted minutes at `at_meeting`, a later
    meeting of the body that has started. The approval date is that meeting's day. A correction
    that is approved supersedes the version approved before it."""
    minutes, meeting = _current(minutes)
    if not permissions.can_approve_minutes(_user(by), meeting.body):
        raise NotAllowed(_("Only the chair of the body or the coordination can approve the minutes."))
    if minutes.status != MinutesStatus.SUBMITTED:
        raise Refused(_("Only minutes submitted for approval can be approved."))
    check_approval_meeting(minutes, at_meeting, now=timezone.now())
    (Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED)
     .update(status=MinutesStatus.SUPERSEDED, updated_at=timezone.now()))
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_on = timezone.localdate(at_meeting.start)
    minutes.approved_by = by
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["status", "approved_on", "approved_by", "approved_at_meeting", "updated_at"])
    return minutes


@transaction.atomic
def minutes_correct(*, minutes: Minutes, by: Person, reason: str) -> Minutes:
    """Start a correction of approved minutes: a new version, a draft, with the approved version's
    remarks and item texts and the reason of the correction. The approved version stays the one
    people read until the correction is approved in turn."""
    minutes, meeting = _current(minutes)
    _require_run(by, meeting)
    reason = clean_text(reason or "")
    if not reason:
        raise Refused(_("Say why the minutes are corrected."))
    if len(reason) > MAX_REASON_LENGTH:
        raise Refused(_("Keep the reason under %(count)d characters.") % {"count": MAX_REASON_LENGTH})
    if minutes.status != MinutesStatus.APPROVED:
        raise Refused(_("Only the approved version of the minutes can be corrected."))
    if Minutes.objects.filter(meeting=meeting, status__in=OPEN_STATUSES).exists():
        raise Refused(_("A correction of these minutes is already being written."))
    version = Minutes.objects.filter(meeting=meeting).aggregate(last=Max("version"))["last"] + 1
    correction = Minutes.objects.create(meeting=meeting, version=version, status=MinutesStatus.DRAFT,
                                        summary=minutes.summary, correction_reason=reason, written_by=by)
    ItemMinutes.objects.bulk_create([ItemMinutes(minutes=correction, item_id=row.item_id, text=row.text)
                                     for row in minutes.items.all()])
    return correction
