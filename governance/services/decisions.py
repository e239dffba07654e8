"""Writes of the decision register: record, change and delete a meeting's decisions, and refer a
decision to the parent body (the escalation circuit).

- Who: the body's runners (permissions.can_run: secretary, chair, Coordination).
- When: once the meeting has started, and while its minutes are not locked: a meeting whose
  minutes have an approved version and no open correction keeps its decisions as approved.
- Numbers: per body and year of the meeting, « COTECH-2026-07 », never reused within a year (the
  highest number so far plus one, read under a lock of the body).
- Referral: a decision « referred to the parent body » becomes a pending proposal of kind
  decision on the parent's next planned meeting whose proposal deadline has not passed. When
  there is none (no parent, no meeting planned, deadline passed) the decision keeps the reason in
  `escalation_blocked` and `decision_escalate` tries again later."""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.text import clean_html, clean_text

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import (
    AgendaItem,
    AgendaItemKind,
    BodyPage,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)

TEXT_MAX_LENGTH = 5000
_UNCHANGED = object()


class DecisionRefused(Refused):
    """A rule of the register refuses the change."""


# --- checks ---------------------------------------------------------------------------------------


def _require_runner(by: Person, body: BodyPage) -> None:
    if by is None or by.user_id is None or not permissions.can_run(by.user, body):
        raise NotAllowed(_("Only the secretary, the chair or the coordination can record the decisions of "
                           "this body."))


def minutes_locked(meeting: Meeting) -> bool:
    """Whether the meeting's minutes are approved with no correction being written: its decisions
    are then those of the approved text and stay as they are."""
    statuses = set(Minutes.objects.filter(meeting=meeting).values_list("status", flat=True))
    return MinutesStatus.APPROVED in statuses and not statuses & {MinutesStatus.DRAFT, MinutesStatus.SUBMITTED}


def _require_editable(meeting: Meeting) -> None:
    if minutes_locked(meeting):
        raise DecisionRefused(_("The minutes of this meeting are approved: its decisions can no longer be "
                                "changed. Start a correction of the minutes first."))


def _clean_decision_text(text: str) -> str:
    cleaned = clean_text(text or "")
    if not cleaned:
        raise DecisionRefused(_("Write the text of the decision."))
    if len(cleaned) > TEXT_MAX_LENGTH:
        raise DecisionRefused(_("The text of a decision is limited to %(max)d characters.") % {"max": TEXT_MAX_LENGTH})
    return cleaned


def _check_outcome(outcome: str) -> str:
    if outcome not in DecisionOutcome.values:
        raise DecisionRefused(_("Choose the outcome of the decision."))
    return outcome


def _check_item(meeting: Meeting, item: AgendaItem | None) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise DecisionRefused(_("This agenda item belongs to another meeting."))


# --- numbers --------------------------------------------------------------------------------------


def number_prefix(body: BodyPage, year: int) -> str:
    return f"{body.short_name.strip() or body.slug.upper()}-{year}-"


def _next_number(meeting: Meeting) -> str:
    """The body's next number for the meeting's year. The body row is locked first (PostgreSQL), so
    two secretaries recording at the same time do not get the same number; SQLite writes one
    transaction at a time anyway."""
    body = BodyPage.objects.select_for_update(of=("self",)).get(pk=meeting.body_id)
    prefix = number_prefix(body, timezone.localtime(meeting.start).year)
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    taken = [int(match.group(1)) for number in
             Decision.objects.filter(meeting__body=body, number__startswith=prefix).values_list("number", flat=True)
             if (match := pattern.match(number))]
    return f"{prefix}{max(taken, default=0) + 1:02d}"


# --- the referral to the parent body --------------------------------------------------------------


def _proposal_fields(decision: Decision) -> dict:
    meeting = decision.meeting
    body = meeting.body
    first_line = decision.text.splitlines()[0] if decision.text else ""
    with translation.override(settings.LANGUAGE_CODE):
        origin = format_html(
            "<p><em>{}</em></p>",
            _("Decision %(number)s referred by %(body)s at its meeting of %(date)s.") % {
                "number": decision.number, "body": body.label,
                "date": date_format(timezone.localtime(meeting.start), "DATE_FORMAT")})
    return {
        "title": Truncator(f"{decision.number} — {first_line}").chars(200),
        "description": clean_html(origin + linebreaks(decision.text, autoescape=True)),
    }


def _blocked_reason(body: BodyPage, now) -> tuple[Meeting | None, str]:
    """The parent's meeting that receives the referral, or why there is none (in the network's
    language: the reason is stored and shown to everyone)."""
    with translation.override(settings.LANGUAGE_CODE):
        parent = body.parent_body
        if parent is None:
            return None, _("%(body)s has no parent body to refer its decisions to.") % {"body": body.label}
        upcoming = list(Meeting.objects.filter(body=parent, status=MeetingStatus.PLANNED, start__gt=now)
                        .order_by("start")[:20])
        target = next((meeting for meeting in upcoming if meeting.proposal_deadline > now), None)
        if target is not None:
            return target, ""
        if not upcoming:
            return None, _("No meeting of %(body)s is planned.") % {"body": parent.label}
        deadline = timezone.localtime(upcoming[0].proposal_deadline)
        return None, _("The deadline for proposals of the next meeting of %(body)s (%(date)s at %(time)s) has "
                       "passed.") % {"body": parent.label, "date": date_format(deadline, "DATE_FORMAT"),
                                     "time": date_format(deadline, "H:i")}


def _refer(decision: Decision, by: Person) -> Proposal | None:
    """Put the referred decision on the parent's next meeting, or record why it cannot be yet."""
    target, reason = _blocked_reason(decision.meeting.body, timezone.now())
    if target is None:
        decision.escalation_blocked = reason
        decision.save(update_fields=["escalation_blocked"])
        return None
    proposal = Proposal.objects.create(meeting=target, proposer=by, kind=AgendaItemKind.DECISION,
                                       status=ProposalStatus.PENDING, origin_decision=decision,
                                       **_proposal_fields(decision))
    if decision.escalation_blocked:
        decision.escalation_blocked = ""
        decision.save(update_fields=["escalation_blocked"])
    return proposal


def _escalation(decision: Decision) -> Proposal | None:
    return Proposal.objects.filter(origin_decision=decision).first()


def _withdraw_referral(decision: Decision) -> None:
    """The decision is no longer referred (changed or deleted): a proposal nobody reviewed yet goes
    away; one already on the parent's agenda keeps the decision as it is."""
    proposal = _escalation(decision)
    if proposal is None:
        return
    if proposal.status == ProposalStatus.ACCEPTED:
        raise DecisionRefused(_("This decision is already on the agenda of %(body)s: it stays as it was referred.")
                              % {"body": proposal.meeting.body.label})
    if proposal.status == ProposalStatus.PENDING:
        proposal.delete()


def _locked(decision: Decision) -> Decision:
    """The decision as stored, locked for the change (the caller's copy is left as it was)."""
    return Decision.objects.select_related("meeting__body").select_for_update(of=("self",)).get(pk=decision.pk)


# --- services -------------------------------------------------------------------------------------


@transaction.atomic
def decision_record(*, meeting: Meeting, by: Person, text: str, outcome: str,
                    item: AgendaItem | None = None) -> Decision:
    """Record a decision taken at `meeting`; a referred one goes up to the parent body at once."""
    _require_runner(by, meeting.body)
    if meeting.is_cancelled:
        raise DecisionRefused(_("This meeting is cancelled: no decision can be recorded."))
    if meeting.start > timezone.now():
        raise DecisionRefused(_("This meeting has not started yet: its decisions are recorded once it has "
                                "begun."))
    _require_editable(meeting)
    text = _clean_decision_text(text)
    _check_outcome(outcome)
    _check_item(meeting, item)
    decision = Decision.objects.create(meeting=meeting, item=item, number=_next_number(meeting), text=text,
                                       outcome=outcome)
    if outcome == DecisionOutcome.REFERRED:
        _refer(decision, by)
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by: Person, text: str | None = None, outcome: str | None = None,
                    item=_UNCHANGED) -> Decision:
    """Change a decision's text, outcome or agenda item (`item=None` detaches it). Becoming
    referred sends it up; ceasing to be referred takes back a proposal nobody reviewed yet."""
    decision = _locked(decision)
    meeting = decision.meeting
    _require_runner(by, meeting.body)
    _require_editable(meeting)
    was_referred = decision.outcome == DecisionOutcome.REFERRED
    if text is not None:
        decision.text = _clean_decision_text(text)
    if outcome is not None:
        decision.outcome = _check_outcome(outcome)
    if item is not _UNCHANGED:
        _check_item(meeting, item)
        decision.item = item
    referred = decision.outcome == DecisionOutcome.REFERRED
    if was_referred and not referred:
        _withdraw_referral(decision)
        decision.escalation_blocked = ""
    decision.save()
    if referred:
        proposal = _escalation(decision)
        if proposal is None:
            _refer(decision, by)
        elif proposal.status == ProposalStatus.PENDING and text is not None:
            for field, value in _proposal_fields(decision).items():
                setattr(proposal, field, value)
            proposal.save(update_fields=["title", "description"])
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, by: Person) -> None:
    decision = _locked(decision)
    _require_runner(by, decision.meeting.body)
    _require_editable(decision.meeting)
    if decision.outcome == DecisionOutcome.REFERRED:
        _withdraw_referral(decision)
    decision.delete()


def decision_escalate(*, decision: Decision, by: Person) -> Proposal:
    """Try again to refer a decision whose escalation was blocked. On success the reason is cleared;
    otherwise the (possibly new) reason is stored and raised."""
    with transaction.atomic():
        decision = _locked(decision)
        _require_runner(by, decision.meeting.body)
        if decision.outcome != DecisionOutcome.REFERRED:
            raise DecisionRefused(_("This decision is not referred to the parent body."))
        if (proposal := _escalation(decision)) is not None:
            raise DecisionRefused(_("This decision is already referred to %(body)s.")
                                  % {"body": proposal.meeting.body.label})
        proposal = _refer(decision, by)
    if proposal is None:
        raise DecisionRefused(decision.escalation_blocked)
    return proposal
