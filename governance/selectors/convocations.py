"""Reads of convocations and answers: who is convened, the agenda with its computed times as the
email shows it, the answers and proxies with the quorum they let expect, the sends recorded (the
proof of convocation) and each member's next meetings. Each at a constant number of queries.

Membership is read as of today, as the permissions read it: the members convened, who may answer
and who counts for the quorum are the body's current members (a person who left is not counted,
even if they had answered)."""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from intranet.models import Person
from intranet.selectors import person_for_user

from .. import permissions
from ..models import (
    AgendaItem,
    Answer,
    AnswerResponse,
    Convocation,
    Meeting,
    Membership,
    MembershipRole,
    QuorumRule,
)
from ..models.bodies import VOTING_ROLES

# --- the agenda, with its computed times ----------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Agenda:
    rows: list[AgendaRow]
    total_minutes: int
    overruns: bool  # the items last longer than the meeting


def timed_agenda(meeting: Meeting, items: list[AgendaItem]) -> Agenda:
    """Each item starts when the one before it ends, from the meeting's start. (The meeting page's
    own selector computes the same; this one is the convocation's and stays minimal.)"""
    rows, moment = [], meeting.start
    for item in items:
        end = moment + dt.timedelta(minutes=item.duration_minutes)
        rows.append(AgendaRow(item, moment, end))
        moment = end
    total = sum(item.duration_minutes for item in items)
    return Agenda(rows, total, total > meeting.duration_minutes)


def meeting_agenda(meeting: Meeting) -> Agenda:
    """One query."""
    items = list(AgendaItem.objects.filter(meeting=meeting).select_related("presenter").order_by("position", "pk"))
    return timed_agenda(meeting, items)


# --- the members of a meeting's body ---------------------------------------------------------------

# The role a person's row shows when they hold several in the body.
ROLE_ORDER = [MembershipRole.CHAIR, MembershipRole.SECRETARY, MembershipRole.REFERENT, MembershipRole.MEMBER,
              MembershipRole.GUEST]


@dataclass(frozen=True)
class BodyMember:
    person: Person
    role: str  # the first of ROLE_ORDER they hold
    votes: bool

    @property
    def role_label(self) -> str:
        return MembershipRole(self.role).label

    @property
    def email(self) -> str:
        user = self.person.user
        return user.email if user is not None and user.is_active else ""


def body_members(body, *, on: dt.date | None = None) -> list[BodyMember]:
    """The body's current members, one per person (whatever number of roles they hold), sorted by
    name, with their account: one query."""
    on = on or timezone.localdate()
    held: dict[int, tuple[Person, set[str]]] = {}
    for membership in (Membership.objects.serving(on).filter(body=body)
                       .select_related("person__user")):
        held.setdefault(membership.person_id, (membership.person, set()))[1].add(membership.role)
    members = [BodyMember(person, next(role for role in ROLE_ORDER if role in roles),
                          bool(roles & set(VOTING_ROLES)))
               for person, roles in held.values()]
    return sorted(members, key=lambda m: (m.person.last_name.lower(), m.person.first_name.lower(), m.person.pk))


def is_current_member(body, person: Person, *, on: dt.date | None = None) -> bool:
    return Membership.objects.serving(on or timezone.localdate()).filter(body=body, person=person).exists()


def voting_members(body, *, exclude: Person | None = None) -> list[Person]:
    """Whom a proxy may be given to: the body's current voting members (one query)."""
    return [member.person for member in body_members(body)
            if member.votes and (exclude is None or member.person.pk != exclude.pk)]


@dataclass(frozen=True)
class Recipients:
    convened: list[BodyMember]  # with an address: they get the email
    unreachable: list[BodyMember]  # without one (no account, or an inactive account)


def convocation_recipients(meeting: Meeting) -> Recipients:
    members = body_members(meeting.body)
    return Recipients([m for m in members if m.email], [m for m in members if not m.email])


# --- the sends recorded ------------------------------------------------------------------------------


def sends_history(meeting: Meeting) -> list[Convocation]:
    """The convocations, updates and cancellations sent, the latest first, each with
    `recipient_count` and its `recipients` (the proof): two queries."""
    return list(
        Convocation.objects.filter(meeting=meeting).select_related("sent_by")
        .annotate(recipient_count=Count("recipients"))
        .prefetch_related("recipients")
        .order_by("-sent_at", "-pk")
    )


# --- answers and the quorum -----------------------------------------------------------------------------


def quorum_required(rule: str, voting: int) -> int:
    """How many voting members (present or represented, as the body counts them) make the quorum."""
    if rule == QuorumRule.THIRD:
        return math.ceil(voting / 3)
    if rule == QuorumRule.MAJORITY:
        return voting // 2 + 1
    if rule == QuorumRule.TWO_THIRDS:
        return math.ceil(2 * voting / 3)
    return 0


@dataclass(frozen=True)
class Quorum:
    rule: str
    rule_label: str
    voting_members: int
    attending: int  # voting members who will attend
    proxies_given: int  # by voting members
    proxies_held_by_attendees: int  # of those, the ones whose holder will attend: they may count
    proxies_count: bool  # the body's rule
    required: int
    expected: int  # attending, plus the proxies when they count

    @property
    def applies(self) -> bool:
        return self.rule != QuorumRule.NONE

    @property
    def reached(self) -> bool:
        return self.expected >= self.required


def quorum_of(body, members: list[BodyMember], answers: dict[int, Answer]) -> Quorum:
    voting = {member.person.pk for member in members if member.votes}
    attending = {pk for pk in voting if (answer := answers.get(pk)) and answer.response == AnswerResponse.ATTENDING}
    proxies = [answers[pk] for pk in voting if pk in answers and answers[pk].response == AnswerResponse.PROXY]
    held = sum(1 for answer in proxies if answer.proxy_to_id in attending)
    counts = body.proxies_count_for_quorum
    return Quorum(
        rule=body.quorum_rule, rule_label=QuorumRule(body.quorum_rule).label, voting_members=len(voting),
        attending=len(attending), proxies_given=len(proxies), proxies_held_by_attendees=held, proxies_count=counts,
        required=quorum_required(body.quorum_rule, len(voting)),
        expected=len(attending) + (held if counts else 0),
    )


@dataclass(frozen=True)
class AnswerRow:
    member: BodyMember
    answer: Answer | None
    proxies_received: list[Person] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.member.person


@dataclass(frozen=True)
class AnswersSummary:
    meeting: Meeting
    answered: list[AnswerRow]
    not_answered: list[AnswerRow]
    quorum: Quorum
    my_answer: Answer | None
    is_member: bool
    can_run: bool
    sends: list[Convocation]

    @property
    def rows(self) -> list[AnswerRow]:
        return self.answered + self.not_answered


def can_see_answers(user, body) -> bool:
    """Who answered what is for the body's members and who runs it (not for every reader of the body)."""
    return permissions.is_member(user, body) or permissions.can_run(user, body)


def answers_summary(meeting: Meeting, viewer) -> AnswersSummary | None:
    """What the answers page (and the meeting page's include, governance/includes/answers_summary.html)
    shows `viewer`: every current member with their answer or none, the proxies, the expected quorum,
    and the sends recorded. None for a viewer who may not see it (can_see_answers). Five queries
    (plus the viewer's person and roles, once per request), whatever the number of members."""
    if not can_see_answers(viewer, meeting.body):
        return None
    members = body_members(meeting.body)
    member_ids = {member.person.pk for member in members}
    answers = {answer.person_id: answer for answer in
               Answer.objects.filter(meeting=meeting, person_id__in=member_ids).select_related("proxy_to")}
    received: dict[int, list[Person]] = {}
    by_pk = {member.person.pk: member.person for member in members}
    for answer in answers.values():
        if answer.response == AnswerResponse.PROXY and answer.proxy_to_id:
            received.setdefault(answer.proxy_to_id, []).append(by_pk[answer.person_id])
    rows = [AnswerRow(member, answers.get(member.person.pk), received.get(member.person.pk, []))
            for member in members]
    person = person_for_user(viewer)
    return AnswersSummary(
        meeting=meeting,
        answered=[row for row in rows if row.answer is not None],
        not_answered=[row for row in rows if row.answer is None],
        quorum=quorum_of(meeting.body, members, answers),
        my_answer=answers.get(person.pk) if person is not None else None,
        is_member=person is not None and person.pk in member_ids,
        can_run=permissions.can_run(viewer, meeting.body),
        sends=sends_history(meeting),
    )


# --- each member's next meetings (the dashboard) ---------------------------------------------------------


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    answer: Answer | None


def my_next_meetings(user, *, limit: int = 5) -> list[NextMeeting]:
    """The upcoming meetings, not cancelled, of the bodies the user sits on today, with their own
    answer: two queries beyond the per-request person and roles."""
    person = person_for_user(user)
    body_ids = list(permissions.current_roles(user))
    if person is None or not body_ids:
        return []
    meetings = (Meeting.objects.upcoming(timezone.now()).filter(body_id__in=body_ids)
                .select_related("body")
                .prefetch_related(Prefetch("answers", to_attr="my_answers",
                                           queryset=Answer.objects.filter(person=person).select_related("proxy_to")))
                [:limit])
    return [NextMeeting(meeting, meeting.my_answers[0] if meeting.my_answers else None) for meeting in meetings]


# --- the email's answer link ---------------------------------------------------------------------------------


def answer_link_target(meeting_pk: int, person_pk: int) -> tuple[Meeting, BodyMember, list[BodyMember]] | None:
    """(meeting, the person as a member, all members) of a signed answer link, or None once the
    meeting has ended or when the person no longer sits on its body: two queries."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_pk).first()
    if meeting is None or meeting.end <= timezone.now():
        return None
    members = body_members(meeting.body)
    me = next((member for member in members if member.person.pk == person_pk), None)
    return (meeting, me, members) if me is not None else None
