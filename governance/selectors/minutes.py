"""Reads of attendance and minutes: which version of a meeting's minutes a person may read, what the
minutes page, its print view and PDF show (attendance grouped by status, each item's text, the
decisions and actions of the meeting), the agenda with each item's computed start time, and the
approved minutes that search and the dashboard may show. Each at a constant number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from .. import permissions
from ..models import (
    ActionItem,
    AgendaItem,
    Answer,
    AnswerResponse,
    Attendance,
    AttendanceStatus,
    BodyPage,
    Decision,
    ItemMinutes,
    Meeting,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
)
from ..services.minutes import OPEN_STATUSES, members_on
from .bodies import attach_bodies

READABLE_STATUSES = (MinutesStatus.APPROVED, MinutesStatus.SUPERSEDED)
# The order of the attendance list: who was there first.
ATTENDANCE_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.REPRESENTED,
                    AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT)


def approved_minutes_visible_to(user) -> QuerySet[Minutes]:
    """The approved minutes (current versions) of the bodies this user may read: the body's reading
    rule, as for its page. No query of its own beyond the per-request memberships."""
    if not getattr(user, "is_authenticated", False):
        return Minutes.objects.none()
    return Minutes.objects.filter(
        status=MinutesStatus.APPROVED, meeting__body__in=BodyPage.objects.filter(permissions.visible_bodies_q(user)))


# --- The agenda, with computed times ---------------------------------------------------------------

@dataclass(frozen=True)
class ScheduledItem:
    item: AgendaItem
    number: int
    start: dt.datetime  # Europe/Paris
    end: dt.datetime


@dataclass(frozen=True)
class Schedule:
    items: list[ScheduledItem]
    total_minutes: int
    meeting_minutes: int

    @property
    def overrun_minutes(self) -> int:
        return max(0, self.total_minutes - self.meeting_minutes)


def agenda_schedule(meeting: Meeting, items: list[AgendaItem] | None = None) -> Schedule:
    """Each item starts when the previous ones are done: the meeting's start plus their durations,
    in Europe/Paris wall-clock time (aware datetimes, so a daylight-saving change in the middle of
    the night is counted right)."""
    if items is None:
        items = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter").order_by("position", "pk"))
    # Added in UTC: an aware Europe/Paris datetime plus a timedelta moves its wall clock, which
    # would give 02:10 on the night 02:00 becomes 03:00.
    scheduled, start = [], meeting.start.astimezone(dt.UTC)
    for number, item in enumerate(items, start=1):
        end = start + dt.timedelta(minutes=item.duration_minutes)
        scheduled.append(ScheduledItem(item=item, number=number, start=timezone.localtime(start),
                                       end=timezone.localtime(end)))
        start = end
    total = sum(item.duration_minutes for item in items)
    return Schedule(items=scheduled, total_minutes=total, meeting_minutes=meeting.duration_minutes)


# --- Attendance ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance form: a member, and what to show in it (what was recorded, else
    what their answer to the convocation said)."""

    membership: Membership
    status: str
    represented_by_id: int | None
    answered: str = ""  # their answer to the convocation, as it reads

    @property
    def person(self):
        return self.membership.person


FROM_ANSWER = {AnswerResponse.ATTENDING: AttendanceStatus.PRESENT, AnswerResponse.EXCUSED: AttendanceStatus.EXCUSED,
               AnswerResponse.PROXY: AttendanceStatus.REPRESENTED}


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """One row per member or guest on the day of the meeting: three queries."""
    recorded = {row.person_id: row for row in Attendance.objects.filter(meeting=meeting)}
    answers = {answer.person_id: answer for answer in Answer.objects.filter(meeting=meeting)}
    rows = []
    for membership in members_on(meeting):
        answer = answers.get(membership.person_id)
        answered = answer.get_response_display() if answer else ""
        if (line := recorded.get(membership.person_id)) is not None:
            rows.append(AttendanceRow(membership, line.status, line.represented_by_id, answered))
        elif answer is not None:
            rows.append(AttendanceRow(membership, FROM_ANSWER[answer.response], answer.proxy_to_id, answered))
        else:
            rows.append(AttendanceRow(membership, "", None, answered))
    return rows


@dataclass(frozen=True)
class AttendanceGroup:
    status: str
    label: str
    lines: list[Attendance]


def attendance_groups(meeting: Meeting) -> list[AttendanceGroup]:
    """The recorded attendance, grouped by status in ATTENDANCE_ORDER: one query."""
    lines = list(Attendance.objects.filter(meeting=meeting).select_related("person__library", "represented_by")
                 .order_by("person__last_name", "person__first_name"))
    groups = []
    for status in ATTENDANCE_ORDER:
        if of_status := [line for line in lines if line.status == status]:
            groups.append(AttendanceGroup(status, AttendanceStatus(status).label, of_status))
    return groups


# --- The minutes page, its print view and PDF -------------------------------------------------------

@dataclass(frozen=True)
class ItemText:
    scheduled: ScheduledItem
    text: str

    @property
    def item(self) -> AgendaItem:
        return self.scheduled.item


@dataclass
class MinutesView:
    meeting: Meeting
    minutes: Minutes | None  # the version shown
    versions: list[Minutes]  # the versions this person may read, the latest first
    open_version: Minutes | None  # the draft or submitted version, for who may read it
    schedule: Schedule
    items: list[ItemText] = field(default_factory=list)
    attendance: list[AttendanceGroup] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)

    @property
    def is_latest(self) -> bool:
        return bool(self.minutes and self.versions and self.minutes.pk == self.versions[0].pk)


def readable_versions(meeting: Meeting, user) -> list[Minutes]:
    """The versions of a meeting's minutes this user may read, the latest first: every version for
    the secretary, the chair and Coordination; the approved and superseded ones for the body's
    readers. One query."""
    versions = (Minutes.objects.filter(meeting=meeting)
                .select_related("approved_by", "approved_at_meeting", "written_by").order_by("-version"))
    if not permissions.can_read_draft_minutes(user, meeting.body):
        if not permissions.can_see_body(user, meeting.body):
            return []
        versions = versions.filter(status__in=READABLE_STATUSES)
    return list(versions)


def shown_version(versions: list[Minutes], *, number: int | None = None) -> Minutes | None:
    """The version asked for (if readable), else the one being written or approved, else the approved."""
    if number is not None:
        return next((minutes for minutes in versions if minutes.version == number), None)
    for wanted in (OPEN_STATUSES, (MinutesStatus.APPROVED,)):
        if found := next((minutes for minutes in versions if minutes.status in wanted), None):
            return found
    return versions[0] if versions else None


def minutes_view(meeting: Meeting, user, *, version: int | None = None) -> MinutesView:
    """Everything the minutes page shows, at a fixed number of queries whatever the number of items,
    attendees, decisions and actions."""
    versions = readable_versions(meeting, user)
    shown = shown_version(versions, number=version)
    open_version = next((minutes for minutes in versions if minutes.status in OPEN_STATUSES), None)
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter").order_by("position", "pk"))
    schedule = agenda_schedule(meeting, items)
    view = MinutesView(meeting=meeting, minutes=shown, versions=versions, open_version=open_version,
                       schedule=schedule)
    if shown is None:
        return view
    texts = item_texts(shown)
    view.items = [ItemText(scheduled, texts.get(scheduled.item.pk, "")) for scheduled in schedule.items]
    view.attendance = attendance_groups(meeting)
    view.decisions = meeting_decisions(meeting)
    view.actions = meeting_actions(meeting)
    return view


def item_texts(minutes: Minutes) -> dict[int, str]:
    """{agenda item pk: its text} in one version of the minutes."""
    return dict(ItemMinutes.objects.filter(minutes=minutes).values_list("item_id", "text"))


def meeting_decisions(meeting: Meeting) -> list[Decision]:
    return list(Decision.objects.filter(meeting=meeting).select_related("item").order_by("number", "pk"))


def meeting_actions(meeting: Meeting) -> list[ActionItem]:
    return list(ActionItem.objects.filter(meeting=meeting).select_related("owner", "decision")
                .order_by("due_date", "pk"))


def approval_meetings(meeting: Meeting) -> list[Meeting]:
    """The meetings at which this meeting's minutes may be approved: the body's later meetings that
    have started, not cancelled, the most recent first."""
    return list(Meeting.objects.not_cancelled()
                .filter(body_id=meeting.body_id, start__gt=meeting.start, start__lte=timezone.now())
                .order_by("-start")[:10])


# --- Search and the dashboard -------------------------------------------------------------------

def search_approved_minutes(user, text: str, *, limit: int) -> list[Minutes]:
    """Approved minutes this user may read whose remarks, item texts or meeting title hold `text`
    (every word): two queries."""
    words = text.split()
    if not words:
        return []
    matching = Q()
    for word in words:
        matching &= (Q(summary__icontains=word) | Q(meeting__title__icontains=word)
                     | Q(pk__in=ItemMinutes.objects.filter(text__icontains=word).values("minutes_id")))
    found = list(approved_minutes_visible_to(user).filter(matching).select_related("meeting")
                 .order_by("-meeting__start", "-pk")[:limit])
    attach_bodies([minutes.meeting for minutes in found])
    return found


def minutes_waiting_for_approval(user) -> QuerySet[Minutes]:
    """Submitted minutes that this user approves: of the bodies they chair, all of them for
    Coordination."""
    waiting = Minutes.objects.filter(status=MinutesStatus.SUBMITTED).select_related("meeting__body")
    if not permissions.is_coordination(user):
        chaired = [body_id for body_id, roles in permissions.current_roles(user).items()
                   if MembershipRole.CHAIR in roles]
        if not chaired:  # most people chair nothing: no query on their dashboard
            return Minutes.objects.none()
        waiting = waiting.filter(meeting__body_id__in=chaired)
    return waiting.order_by("submitted_at", "pk")

