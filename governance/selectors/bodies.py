"""Reads for the « Instances » section and each body's page."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from intranet.dashboard import first_and_total

from ..models import ActionItem, BodyPage, Decision, Meeting, Membership, MembershipRole, MinutesStatus
from ..permissions import visible_bodies_q

# The body page shows its bureau first and this many members in all; the members page lists them all,
# a page at a time: neither grows with the body (a COTECH of 420 referents at 30x).
MEMBERS_SHOWN = 12
ROLE_ORDER = [MembershipRole.CHAIR, MembershipRole.SECRETARY, MembershipRole.MEMBER, MembershipRole.REFERENT,
              MembershipRole.GUEST]


@dataclass(frozen=True)
class BodySummary:
    body: BodyPage
    members: int
    next_meeting: Meeting | None


def bodies_index(user, *, section) -> list[BodySummary]:
    """The bodies this user may see, with their head count and next meeting: three queries."""
    today, now = timezone.localdate(), timezone.now()
    current = (Q(memberships__since__lte=today, memberships__person__active=True)
               & (Q(memberships__until__isnull=True) | Q(memberships__until__gte=today)))
    bodies = list(
        BodyPage.objects.child_of(section).live().filter(visible_bodies_q(user))
        .annotate(member_count=Count("memberships", filter=current, distinct=True))
        .order_by("path")
    )
    upcoming = (Meeting.objects.upcoming(now).filter(body__in=bodies)
                .order_by("body_id", "start").values_list("body_id", "pk"))
    first_meeting_ids = {}
    for body_id, meeting_id in upcoming:
        first_meeting_ids.setdefault(body_id, meeting_id)
    meetings = Meeting.objects.in_bulk(first_meeting_ids.values())
    return [BodySummary(body, body.member_count, meetings.get(first_meeting_ids.get(body.pk)))
            for body in bodies]


def current_members(body: BodyPage, *, search: str = "") -> QuerySet[Membership]:
    """The body's members today, chair and secretary first, then by name; `search`: part of a
    name or of a library's name."""
    rank = Case(*[When(role=role, then=Value(index)) for index, role in enumerate(ROLE_ORDER)],
                default=Value(len(ROLE_ORDER)), output_field=IntegerField())
    members = Membership.objects.serving(timezone.localdate()).filter(body=body)
    if search := search.strip():
        members = members.filter(Q(person__first_name__icontains=search) | Q(person__last_name__icontains=search)
                                 | Q(person__library__name__icontains=search))
    return (members.select_related("person__library")
            .order_by(rank, "person__last_name", "person__first_name", "pk"))


def first_members(body: BodyPage) -> tuple[list[Membership], int]:
    """The members the body page shows and how many there are in all, in one query."""
    return first_and_total(current_members(body), MEMBERS_SHOWN)


def body_meetings(body: BodyPage, *, limit: int = 5) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of a body, the most relevant first."""
    now = timezone.now()
    meetings = Meeting.objects.filter(body=body)  # the page names them and their date, not their room
    return list(meetings.upcoming(now)[:limit]), list(meetings.past(now)[:limit])




def open_actions(body: BodyPage, *, limit: int = 8) -> list[ActionItem]:
    return list(ActionItem.objects.open().filter(body=body).select_related("owner").order_by("due_date", "pk")[:limit])


def recent_decisions(body: BodyPage, *, limit: int = 5) -> list[Decision]:
    """Decisions of the body's meetings whose minutes are approved (a draft's decisions are not
    public yet), the latest first."""
    return list(
        Decision.objects.filter(meeting__body=body, meeting__minutes_versions__status=MinutesStatus.APPROVED)
        .select_related("meeting").distinct().order_by("-meeting__start", "number")[:limit]
    )


def attach_bodies(meetings) -> None:
    """Give these meetings their body from ONE query for the few bodies they belong to: a body is a
    wide Wagtail page row, which loaded again with each decision cost a third of the register."""
    missing = [meeting for meeting in meetings if not Meeting.body.is_cached(meeting)]
    if not missing:
        return
    # What the rows say of a body: its label and who may read it (the rest of the page row is left).
    bodies = (BodyPage.objects.only("title", "short_name", "kind", "reading_rule", "live")
              .in_bulk({meeting.body_id for meeting in missing}))
    for meeting in missing:
        meeting.body = bodies[meeting.body_id]
