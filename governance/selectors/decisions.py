"""Reads of the decision register, of a decision's page and of the escalation circuit between bodies.

A decision is public once its meeting has approved minutes (an approved version, whatever
correction is being written): a draft's decisions are for the body's runners only. Who reads a
public decision follows its body (permissions.visible_bodies_q). The circuit of a decision:

- where it started: the decisions of child bodies that were referred up to the agenda item it was
  taken on (item.proposal.origin_decision), down to the first one;
- where it went: its proposal on the parent body's meeting, the agenda item that proposal became,
  the parent's decisions on that item (the ruling, shown once the parent's minutes are approved),
  and so on upward when the ruling is referred again.

Every read here runs a fixed number of queries per page, whatever the number of decisions; the
circuit runs two per level of the bodies' hierarchy (at most a handful)."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.search import SearchHit

from .. import permissions
from ..models import Decision, DecisionOutcome, Meeting, Minutes, MinutesStatus, Proposal, ProposalStatus
from .bodies import attach_bodies

# Bodies refer to their parent, which refers to its own: a circuit longer than this is a loop.
MAX_LEVELS = 10


def _approved_minutes(meeting_ref: str = "meeting") -> Exists:
    return Exists(Minutes.objects.filter(meeting=OuterRef(meeting_ref), status=MinutesStatus.APPROVED))


def public_decisions() -> QuerySet[Decision]:
    """Decisions of meetings whose minutes are approved."""
    return Decision.objects.filter(_approved_minutes())


def readable_decisions(user) -> QuerySet[Decision]:
    """Public decisions of the (published) bodies this user may see."""
    return public_decisions().filter(meeting__body_id__in=permissions.visible_body_ids(user),
                                     meeting__body__live=True)


def is_public(decision: Decision) -> bool:
    return Minutes.objects.filter(meeting_id=decision.meeting_id, status=MinutesStatus.APPROVED).exists()


def readable(user, decision: Decision, *, public: bool) -> bool:
    """Whether `user` may open the decision's page: a public decision of a body they see, or any
    decision of a body they run (draft decisions included)."""
    body = decision.meeting.body
    if not permissions.can_see_body(user, body):
        return False
    return public or permissions.can_run(user, body)


def decision_for_page(user, pk: int) -> tuple[Decision, bool] | None:
    """(the decision, whether it is public) when `user` may read it, else None (the page answers 404)."""
    decision = (Decision.objects.select_related("meeting__body", "item").annotate(is_public=_approved_minutes())
                .filter(pk=pk).first())
    if decision is None or not decision.meeting.body.live or not readable(user, decision, public=decision.is_public):
        return None
    return decision, decision.is_public


# --- where a referral went ------------------------------------------------------------------------


@dataclass(frozen=True)
class Referral:
    """A referred decision and what became of it at the parent body."""

    decision: Decision
    proposal: Proposal | None  # on the parent's meeting (deferred ones have moved with it)
    rulings: tuple[Decision, ...]  # the parent's public decisions on the item the proposal became
    blocked: str  # why it could not go up yet

    @property
    def meeting(self) -> Meeting | None:
        return self.proposal.meeting if self.proposal else None

    @property
    def item(self):
        if self.proposal is None or self.proposal.status != ProposalStatus.ACCEPTED:
            return None
        try:
            return self.proposal.agenda_item
        except Proposal.agenda_item.RelatedObjectDoesNotExist:
            return None

    @property
    def state(self) -> str:
        """ruled, on_agenda, waiting, rejected, withdrawn, or blocked."""
        if self.rulings:
            return "ruled"
        if self.proposal is None:
            return "blocked"
        return {ProposalStatus.ACCEPTED: "on_agenda", ProposalStatus.PENDING: "waiting"}.get(
            self.proposal.status, self.proposal.status)


def referrals_for(decisions) -> dict[int, Referral]:
    """{decision id: its referral} for the referred ones among `decisions`: two queries (the meetings'
    bodies are the caller's: `attach_bodies(referral_meetings(...))`)."""
    referred = [decision for decision in decisions if decision.outcome == DecisionOutcome.REFERRED]
    if not referred:
        return {}
    ids = [decision.pk for decision in referred]
    proposals = {proposal.origin_decision_id: proposal for proposal in
                 Proposal.objects.filter(origin_decision_id__in=ids).select_related("meeting", "agenda_item")}
    rulings = defaultdict(list)
    found = list(public_decisions().filter(item__proposal__origin_decision_id__in=ids)
                 .select_related("meeting", "item__proposal").order_by("meeting__start", "pk"))
    for ruling in found:
        rulings[ruling.item.proposal.origin_decision_id].append(ruling)
    return {decision.pk: Referral(decision, proposals.get(decision.pk), tuple(rulings[decision.pk]),
                                  decision.escalation_blocked)
            for decision in referred}


# --- the whole circuit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Circuit:
    decision: Decision
    origins: tuple[Decision, ...] = ()  # where it started, the first decision first
    referrals: tuple[Referral, ...] = ()  # where it went, level by level upward
    public_ids: frozenset[int] = field(default_factory=frozenset)  # the decisions above that are public

    @property
    def ruling(self) -> Referral | None:
        """The last step reached: the latest ruling, or where the referral waits."""
        return self.referrals[-1] if self.referrals else None

    @property
    def is_empty(self) -> bool:
        return not self.origins and not self.referrals


def decision_circuit(decision: Decision) -> Circuit:
    """Where `decision` started, where it went and what was decided. Rulings are only those of
    meetings with approved minutes; origins are named whether public or not (their text is the
    proposal the parent received), the page links them only for who may read them."""
    origins: list[Decision] = []
    public_ids: set[int] = set()
    seen = {decision.pk}
    current = decision
    while current.item_id and len(origins) < MAX_LEVELS:
        origin = (Decision.objects.select_related("meeting__body", "item").annotate(is_public=_approved_minutes())
                  .filter(escalation__agenda_item__pk=current.item_id).first())
        if origin is None or origin.pk in seen:
            break
        seen.add(origin.pk)
        if origin.is_public:
            public_ids.add(origin.pk)
        origins.append(origin)
        current = origin
    origins.reverse()

    referrals: list[Referral] = []
    level = [decision]
    for _level in range(MAX_LEVELS):
        found = referrals_for(level)
        if not found:
            break
        level = []
        for referred in found.values():
            referrals.append(referred)
            for ruling in referred.rulings:
                public_ids.add(ruling.pk)
                if ruling.pk not in seen:
                    seen.add(ruling.pk)
                    level.append(ruling)
    attach_bodies(referral_meetings(referrals))
    return Circuit(decision, tuple(origins), tuple(referrals), frozenset(public_ids))


# --- the register ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    referral: Referral | None = None  # for a referred decision: what came back
    origin: Decision | None = None  # for a ruling: the decision referred to this body

    @property
    def ruling(self) -> Decision | None:
        return self.referral.rulings[-1] if self.referral and self.referral.rulings else None


def rows(decisions) -> list[DecisionRow]:
    """Rows of decisions loaded with `with_origin()`: their referral and what they rule on."""
    decisions = list(decisions)
    referrals = referrals_for(decisions)
    origin_ids = {decision.origin_id for decision in decisions if decision.origin_id}
    origins = Decision.objects.select_related("meeting").in_bulk(origin_ids) if origin_ids else {}
    found = [DecisionRow(decision, referrals.get(decision.pk), origins.get(decision.origin_id))
             for decision in decisions]
    attach_bodies([row.decision.meeting for row in found] + [row.origin.meeting for row in found if row.origin]
                  + referral_meetings(referrals.values()))
    return found


def with_origin(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """With their meeting and `origin_id`, the decision of a lower body they rule on (rows() loads
    those few in one query, and the bodies with `attach_bodies`)."""
    return decisions.select_related("meeting").annotate(origin_id=F("item__proposal__origin_decision_id"))


def referral_meetings(referrals) -> list[Meeting]:
    """The parent's meetings that referrals name: where each went and where it was ruled on."""
    return [meeting for referral in referrals
            for meeting in ([referral.proposal.meeting] if referral.proposal else [])
            + [ruling.meeting for ruling in referral.rulings]]


def register(user, *, body_id: int | None = None, year: int | None = None, outcome: str = "",
             text: str = "") -> QuerySet[Decision]:
    """The register as `user` may read it, filtered; the latest meetings first."""
    decisions = readable_decisions(user)
    if body_id:
        decisions = decisions.filter(meeting__body_id=body_id)
    if year:
        decisions = decisions.filter(meeting__start__year=year)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    for word in text.split():
        decisions = decisions.filter(Q(text__icontains=word) | Q(number__icontains=word))
    return with_origin(decisions).order_by("-meeting__start", "-pk")


def register_bodies(user) -> list[tuple[int, str]]:
    """(id, title) of the bodies of the register's filter: those the user may see (a few dozen at most)."""
    return [(entry.pk, entry.title) for entry in permissions.visible_bodies(user)]


def register_years(user) -> list[int]:
    """The years (Europe/Paris) from the first to the last meeting with decisions the user may read,
    the latest first: two aggregates, not a year computed for every decision (SQLite does that in
    Python)."""
    span = readable_decisions(user).aggregate(first=Min("meeting__start"), last=Max("meeting__start"))
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


def meeting_decisions(meeting: Meeting) -> list[DecisionRow]:
    """Every decision of a meeting, drafts included, in the order they were recorded: for the
    body's runners (the meeting's page, the recording page). The caller checks can_run, or shows
    only public ones to the others."""
    return rows(with_origin(Decision.objects.filter(meeting=meeting)).select_related("item").order_by("pk"))


def search_decisions(user, text: str, *, limit: int) -> list[SearchHit]:
    """The site's search: decisions the reader may read whose number or text has every word."""
    words = text.split()
    if not words:
        return []
    decisions = readable_decisions(user)
    for word in words:
        decisions = decisions.filter(Q(text__icontains=word) | Q(number__icontains=word))
    kind = _("Decision")
    found = list(decisions.select_related("meeting").order_by("-meeting__start", "-pk")[:limit])
    attach_bodies([decision.meeting for decision in found])
    return [SearchHit(title=f"{decision.number} — {decision.meeting.body.label}", url=decision.get_absolute_url(),
                      kind=kind, summary=decision.text, when=decision.meeting.start)
            for decision in found]
