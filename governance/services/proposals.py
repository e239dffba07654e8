"""Agenda proposals: a member proposes an item for a meeting before its deadline; the body's
secretary, its chair or Coordination accepts it (it becomes the last item of the agenda, with its
attachments), defers it to the body's next meeting, or rejects it with a reason; the proposer may
withdraw it while it waits. The proposer is told of each decision by email (sent after commit).

Every function is keyword-only and atomic, checks governance.permissions (errors.NotAllowed) and the
rules (errors.Refused, with the message the person reads). A decision locks the proposal's row, so
two reviewers clicking at once cannot both decide it."""

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.notifications import send_templated_email
from intranet.text import clean_html, clean_line, clean_text

from .. import attachments, permissions, rules
from ..errors import NotAllowed, Refused
from ..models import (
    AgendaItem,
    AgendaItemKind,
    Attachment,
    Meeting,
    MeetingStatus,
    Proposal,
    ProposalStatus,
)
from ..models.meetings import DURATION_VALIDATORS, private_storage

__all__ = ["proposal_accept", "proposal_create", "proposal_defer", "proposal_reject", "proposal_withdraw"]

MIN_DURATION = DURATION_VALIDATORS[0].limit_value
MAX_DURATION = DURATION_VALIDATORS[1].limit_value
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def _user(person: Person):
    return person.user if person is not None and person.user_id else None


def when_text(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(day)s at %(time)s") % {"day": date_format(local, "l j F Y"), "time": date_format(local, "H:i")}


def description_html(text: str) -> str:
    """What people typed, as HTML safe to show: their HTML through the allow-list, or their plain
    text in paragraphs (its line breaks kept, its < and & escaped)."""
    text = clean_text(text or "")
    if not text:
        return ""
    return clean_html(text if _LOOKS_LIKE_HTML.search(text) else linebreaks(text, autoescape=True))


def closed_message(meeting: Meeting) -> str:
    """Why the form no longer takes proposals for this meeting."""
    if meeting.is_cancelled:
        return _("This meeting is cancelled: it takes no more proposals.")
    return _("Proposals for this meeting closed on %(deadline)s; please contact the secretariat.") % {
        "deadline": when_text(meeting.proposal_deadline)}


# --- Proposing ------------------------------------------------------------------------------------

@transaction.atomic
def proposal_create(*, meeting: Meeting, by: Person, title: str, kind: str, duration_minutes: int,
                    description: str = "", files=()) -> Proposal:
    """A current member proposes an item, with its attachments (all accepted, or nothing saved)."""
    if not permissions.can_propose(_user(by), meeting.body):
        raise NotAllowed(_("Only the current members of %(body)s may propose agenda items.") % {
            "body": meeting.body.label})
    if not rules.proposals_open(meeting, timezone.now()):
        raise Refused(closed_message(meeting))
    title = clean_line(title or "")
    if not title:
        raise Refused(_("Give the proposed item a title."))
    if kind not in AgendaItemKind.values:
        raise Refused(_("Choose the kind of item: information, discussion or decision."))
    if not isinstance(duration_minutes, int) or not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        raise Refused(_("Give a duration between %(min)d and %(max)d minutes.") % {
            "min": MIN_DURATION, "max": MAX_DURATION})
    checked = attachments.check_all(files)
    proposal = Proposal.objects.create(meeting=meeting, proposer=by, title=title[:200], kind=kind,
                                       duration_minutes=duration_minutes, description=description_html(description))
    _attach(checked, proposal=proposal, by=by)
    return proposal


def _attach(checked: list[attachments.CheckedFile], *, proposal: Proposal, by: Person) -> None:
    """Write the files, then their rows; a failure removes the files already written."""
    written = []
    try:
        for upload in checked:
            record = Attachment(proposal=proposal, name=upload.name, content_type=upload.content_type,
                                size=upload.size, uploaded_by=by)
            record.file.save(upload.name, upload.upload, save=False)
            written.append(record.file.name)
            record.save()
    except Exception:
        for name in written:
            private_storage.delete(name)
        raise


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: Person) -> Proposal:
    proposal = _locked(proposal)
    if by is None or proposal.proposer_id != by.pk:
        raise NotAllowed(_("Only the person who made a proposal may withdraw it."))
    _require_pending(proposal)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.decided_by, proposal.decided_at = by, timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    return proposal


# --- Deciding ---------------------------------------------------------------------------------------

def _locked(proposal: Proposal) -> Proposal:
    return (Proposal.objects.select_for_update(of=("self",))
            .select_related("meeting__body", "proposer__user").get(pk=proposal.pk))


def _require_pending(proposal: Proposal) -> None:
    if proposal.status != ProposalStatus.PENDING:
        raise Refused(_("This proposal was already decided: %(status)s.") % {
            "status": proposal.get_status_display().lower()})


def _for_decision(proposal: Proposal, by: Person) -> Proposal:
    proposal = _locked(proposal)
    if not permissions.can_run(_user(by), proposal.meeting.body):
        raise NotAllowed(_("Only the secretary, the chair or Coordination review the proposals of %(body)s.") % {
            "body": proposal.meeting.body.label})
    _require_pending(proposal)
    return proposal


def _decided(proposal: Proposal, *, status: str, by: Person, reason: str = "") -> None:
    proposal.status, proposal.decided_by, proposal.decided_at = status, by, timezone.now()
    proposal.decision_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])


def _agenda_item_from(proposal: Proposal) -> AgendaItem:
    """The proposal as the last item of its meeting's agenda, presented by its proposer, with its
    attachments (which stay on the proposal too)."""
    meeting = proposal.meeting
    # The meeting's row is held so that two acceptances at once do not take the same position.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=proposal.title, kind=proposal.kind,
                                     duration_minutes=proposal.duration_minutes, description=proposal.description,
                                     presenter=proposal.proposer, proposal=proposal)
    proposal.attachments.update(item=item)
    return item


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by: Person) -> AgendaItem:
    proposal = _for_decision(proposal, by)
    meeting = proposal.meeting
    if meeting.status != MeetingStatus.PLANNED or meeting.end <= timezone.now():
        raise Refused(_("This meeting is no longer ahead: defer the proposal to the next meeting or reject it."))
    _decided(proposal, status=ProposalStatus.ACCEPTED, by=by)
    item = _agenda_item_from(proposal)
    _tell_proposer(proposal, "governance/email/proposal_accepted", item=item)
    return item


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The body's next planned meeting after this one that has not begun."""
    after = max(meeting.start, timezone.now())
    return (Meeting.objects.filter(body_id=meeting.body_id, status=MeetingStatus.PLANNED, start__gt=after)
            .exclude(pk=meeting.pk).order_by("start", "pk").first())


@transaction.atomic
def proposal_defer(*, proposal: Proposal, by: Person, reason: str = "") -> Proposal:
    """To the body's next planned meeting, still waiting for review there."""
    proposal = _for_decision(proposal, by)
    origin = proposal.meeting
    target = next_meeting_after(origin)
    if target is None:
        raise Refused(_("%(body)s has no meeting planned after this one to defer the proposal to: plan one "
                        "first, or reject the proposal.") % {"body": origin.body.label})
    proposal.meeting = target
    proposal.times_deferred += 1
    proposal.decision_reason = clean_text(reason or "")
    proposal.save(update_fields=["meeting", "times_deferred", "decision_reason"])
    _tell_proposer(proposal, "governance/email/proposal_deferred", origin=origin)
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: Person, reason: str) -> Proposal:
    reason = clean_text(reason or "")
    if not reason:
        raise Refused(_("Say why the proposal is rejected: the proposer reads it."))
    proposal = _for_decision(proposal, by)
    _decided(proposal, status=ProposalStatus.REJECTED, by=by, reason=reason)
    _tell_proposer(proposal, "governance/email/proposal_rejected")
    return proposal


def _tell_proposer(proposal: Proposal, template: str, **extra) -> None:
    proposer = proposal.proposer
    if not proposer.user_id:
        return
    send_templated_email(to=[proposer.user.email], template=template, context={
        "proposal": proposal, "meeting": proposal.meeting, "body": proposal.meeting.body, "proposer": proposer,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"), **extra})
