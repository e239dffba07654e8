"""Reads of the proposals pages, the « Préparer la réunion » page, the attachments and the dashboard
panel of proposals to review: each a fixed number of queries whatever the data."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from intranet.selectors import person_for_user

from .. import permissions
from ..models import (
    ActionItem,
    Attachment,
    Decision,
    Meeting,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)

_PROPOSAL_RELATED = ("proposer__library", "decided_by")


def _with_attachments(proposals: QuerySet) -> QuerySet:
    return proposals.prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("name", "pk")))


def meeting_proposals(meeting: Meeting) -> tuple[list[Proposal], list[Proposal]]:
    """(waiting for review, decided) proposals of a meeting, the oldest first: two queries."""
    proposals = list(_with_attachments(Proposal.objects.filter(meeting=meeting).select_related(*_PROPOSAL_RELATED))
                     .order_by("created_at", "pk"))
    pending = [proposal for proposal in proposals if proposal.status == ProposalStatus.PENDING]
    decided = [proposal for proposal in proposals if proposal.status != ProposalStatus.PENDING]
    return pending, decided


def proposal_detail(pk: int) -> Proposal | None:
    return (_with_attachments(Proposal.objects.filter(pk=pk)
                              .select_related("meeting__body", "agenda_item", *_PROPOSAL_RELATED)).first())


def attachment_detail(pk: int) -> Attachment | None:
    return (Attachment.objects.filter(pk=pk)
            .select_related("item__meeting__body", "proposal__meeting__body").first())


def may_download(user, attachment: Attachment) -> bool:
    """An agenda item's document: whoever sees the body. A proposal's (waiting, rejected,
    withdrawn): its proposer and whoever reviews the body's proposals."""
    if attachment.item_id is not None:
        return permissions.can_see_body(user, attachment.item.meeting.body)
    proposal = attachment.proposal
    body = proposal.meeting.body
    if not permissions.can_see_body(user, body):
        return False
    person = person_for_user(user)
    return (person is not None and proposal.proposer_id == person.pk) or permissions.can_run(user, body)


# --- « Préparer la réunion » --------------------------------------------------------------------

@dataclass(frozen=True)
class Preparation:
    proposals: list[Proposal]
    actions: list[ActionItem]
    # The latest earlier meeting whose minutes are approved, and its decisions; `previous` is the
    # meeting just before, when its minutes still wait for approval.
    decisions_meeting: Meeting | None
    decisions: list[Decision]
    previous_unapproved: Meeting | None
    documents: list[Attachment]


def preparation(meeting: Meeting, person) -> Preparation:
    """What a member reads before a meeting: six queries."""
    body = meeting.body
    proposals = list(Proposal.objects.filter(meeting=meeting, proposer=person)
                     .select_related("agenda_item").order_by("created_at", "pk"))
    actions = list(ActionItem.objects.open().filter(body=body, owner=person)
                   .select_related("meeting").order_by("due_date", "pk"))
    earlier = Meeting.objects.filter(body=body, start__lt=meeting.start).not_cancelled().order_by("-start", "-pk")
    previous = earlier.first()
    approved_meeting = earlier.filter(minutes_versions__status=MinutesStatus.APPROVED).first()
    decisions = []
    if approved_meeting is not None:
        decisions = list(Decision.objects.filter(meeting=approved_meeting).select_related("item")
                         .order_by("number", "pk"))
    documents = list(Attachment.objects.filter(item__meeting=meeting).select_related("item")
                     .order_by("item__position", "item__pk", "name", "pk"))
    unapproved = previous if previous is not None and previous != approved_meeting else None
    return Preparation(proposals=proposals, actions=actions, decisions_meeting=approved_meeting, decisions=decisions,
                       previous_unapproved=unapproved, documents=documents)


# --- The dashboard ------------------------------------------------------------------------------

def reviewed_body_ids(user) -> list[int] | None:
    """The bodies whose proposals this user reviews; None for Coordination (every body)."""
    if permissions.is_coordination(user):
        return None
    return [body_id for body_id, roles in permissions.current_roles(user).items() if roles & permissions.RUNNING_ROLES]


def pending_for_reviewer(user) -> QuerySet[Proposal]:
    """Proposals waiting for this user's review, the soonest meeting first (those of a meeting now
    past or cancelled too: they still need deferring or rejecting)."""
    body_ids = reviewed_body_ids(user)
    scope = Q() if body_ids is None else Q(meeting__body_id__in=body_ids)
    return (Proposal.objects.filter(scope, status=ProposalStatus.PENDING)
            .select_related("meeting__body", "proposer").order_by("meeting__start", "created_at", "pk"))
