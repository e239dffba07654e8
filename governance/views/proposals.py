"""Agenda proposals on the site: a member proposes an item (with documents) until the meeting's
deadline; the secretary, the chair or Coordination reviews the meeting's proposals (accept, defer,
reject with a reason); the proposer follows theirs on its page and may withdraw it; every member
prepares the meeting from one page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.selectors import person_for_user

from .. import permissions, rules
from ..errors import NotAllowed, Refused
from ..forms.proposals import DeferForm, ProposalForm, RejectForm
from ..models import Meeting, Proposal
from ..selectors import proposals as selectors
from ..services import proposals as services
from .common import meeting_or_404, person_or_403, render_page, status_of


def _closed_page(request, meeting: Meeting, *, status: int) -> HttpResponse:
    return render_page(request, "governance/proposal_form.html",
                       {"meeting": meeting, "form": None, "closed": services.closed_message(meeting)}, status=status)


def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    person = person_or_403(request)
    if not permissions.can_propose(request.user, meeting.body):
        raise NotAllowed(_("Only the current members of %(body)s may propose agenda items.") % {
            "body": meeting.body.label})
    posted = request.method == "POST"
    if not rules.proposals_open(meeting, timezone.now()):
        return _closed_page(request, meeting, status=400 if posted else 200)
    form = ProposalForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_create(
                meeting=meeting, by=person, title=data["title"], kind=data["kind"],
                duration_minutes=data["duration_minutes"], description=data["description"], files=data["files"])
        except Refused as refused:
            if not rules.proposals_open(meeting, timezone.now()):  # the deadline passed while they typed
                return _closed_page(request, meeting, status=400)
            form.add_error("files" if getattr(refused, "name", None) is not None else None, refused.message)
        else:
            messages.success(request, _("Your proposal « %(title)s » is sent: the secretariat reviews it before the "
                                        "meeting, and you get an email with its decision.") % {"title": proposal.title})
            return redirect("governance:proposal", pk=proposal.pk)
    return render_page(request, "governance/proposal_form.html",
                       {"meeting": meeting, "form": form, "deadline": meeting.proposal_deadline},
                       status=status_of(form))


# --- Review -------------------------------------------------------------------------------------

def _review_forms(proposal: Proposal, data=None, *, which: str = "") -> dict:
    # Several proposals share the page: the fields' ids carry the proposal's pk.
    auto_id = f"id_%s_{proposal.pk}"
    return {"defer": DeferForm(data if which == "defer" else None, auto_id=f"defer_{auto_id}"),
            "reject": RejectForm(data if which == "reject" else None, auto_id=f"reject_{auto_id}")}


def _review_page(request, meeting: Meeting, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    pending, decided = selectors.meeting_proposals(meeting)
    bound = bound or {}
    items = [{"proposal": proposal, **(bound.get(proposal.pk) or _review_forms(proposal))} for proposal in pending]
    return render_page(request, "governance/proposals_review.html", {
        "meeting": meeting, "items": items, "decided": decided,
        "next_meeting": services.next_meeting_after(meeting),
        "proposals_open": rules.proposals_open(meeting, timezone.now()),
    }, status=status)


def proposals_review(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the secretary, the chair or Coordination review the proposals of %(body)s.") % {
            "body": meeting.body.label})
    return _review_page(request, meeting)


def _proposal_or_404(request, pk: int) -> Proposal:
    """A proposal its proposer or a reviewer of its body asks for; 404 for anyone else (another
    member included: a proposal is not public until it is on the agenda)."""
    proposal = selectors.proposal_detail(pk)
    if proposal is None or not permissions.can_see_body(request.user, proposal.meeting.body):
        raise Http404
    person = person_for_user(request.user)
    if not ((person is not None and proposal.proposer_id == person.pk)
            or permissions.can_run(request.user, proposal.meeting.body)):
        raise Http404
    return proposal


@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    meeting = proposal.meeting
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the secretary, the chair or Coordination review the proposals of %(body)s.") % {
            "body": meeting.body.label})
    person = person_or_403(request)
    decision = request.POST.get("decision")
    if decision not in ("accept", "defer", "reject"):
        messages.error(request, _("Choose to accept, defer or reject the proposal."))
        return _review_page(request, meeting, status=400)
    forms = _review_forms(proposal, request.POST, which=decision)
    form = forms.get(decision)
    if form is not None and not form.is_valid():
        messages.error(request, _("« %(title)s » was not decided: %(error)s") % {
            "title": proposal.title, "error": " ".join(" ".join(errors) for errors in form.errors.values())})
        return _review_page(request, meeting, bound={proposal.pk: {**_review_forms(proposal), decision: form}},
                            status=400)
    try:
        if decision == "accept":
            services.proposal_accept(proposal=proposal, by=person)
            message = _("Accepted: « %(title)s » is now the last item of the agenda. The proposer gets an "
                        "email.") % {"title": proposal.title}
        elif decision == "defer":
            moved = services.proposal_defer(proposal=proposal, by=person, reason=form.cleaned_data["reason"])
            message = _("Deferred: « %(title)s » now waits for review for the meeting of %(when)s. The proposer "
                        "gets an email.") % {"title": proposal.title, "when": services.when_text(moved.meeting.start)}
        else:
            services.proposal_reject(proposal=proposal, by=person, reason=form.cleaned_data["reason"])
            message = _("Rejected: « %(title)s ». The proposer gets an email with your reason.") % {
                "title": proposal.title}
    except Refused as refused:
        messages.error(request, refused.message)
        return _review_page(request, meeting, status=400)
    messages.success(request, message)
    return redirect(reverse("governance:proposals", args=[meeting.pk]))


# --- One proposal -------------------------------------------------------------------------------

def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    person = person_for_user(request.user)
    return render_page(request, "governance/proposal_detail.html", {
        "proposal": proposal, "meeting": proposal.meeting, "body": proposal.meeting.body,
        "is_proposer": person is not None and proposal.proposer_id == person.pk,
        "can_review": permissions.can_run(request.user, proposal.meeting.body),
    })


@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    person = person_or_403(request)
    try:
        services.proposal_withdraw(proposal=proposal, by=person)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You withdrew your proposal « %(title)s ».") % {"title": proposal.title})
    return redirect("governance:proposal", pk=proposal.pk)


# --- « Préparer la réunion » --------------------------------------------------------------------

def meeting_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    person = person_or_403(request)
    if not permissions.is_member(request.user, meeting.body):
        raise NotAllowed(_("This page is for the current members of %(body)s.") % {"body": meeting.body.label})
    now = timezone.now()
    return render_page(request, "governance/meeting_prepare.html", {
        "meeting": meeting, "body": meeting.body, "prep": selectors.preparation(meeting, person),
        "proposals_open": rules.proposals_open(meeting, now),
        "meeting_day": timezone.localdate(meeting.start),
        "can_review": permissions.can_run(request.user, meeting.body),
    })


urlpatterns = [
    path("reunions/<int:pk>/proposer/", proposal_create, name="proposal_create"),
    path("reunions/<int:pk>/propositions/", proposals_review, name="proposals"),
    path("reunions/<int:pk>/preparer/", meeting_prepare, name="meeting_prepare"),
    path("propositions/<int:pk>/", proposal_page, name="proposal"),
    path("propositions/<int:pk>/decision/", proposal_decide, name="proposal_decide"),
    path("propositions/<int:pk>/retirer/", proposal_withdraw, name="proposal_withdraw"),
]
