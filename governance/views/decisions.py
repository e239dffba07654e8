"""The decision register across bodies, a decision's page with its whole circuit, and the page where
a meeting's runners record its decisions and actions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import ActionItem, Decision, DecisionOutcome
from ..selectors import actions as action_selectors
from ..selectors import decisions as selectors
from ..services import actions as action_services
from ..services import decisions as services
from .common import meeting_or_404, person_or_403, render_page, status_of
from .forms_decisions import ActionForm, DecisionForm, RegisterFilterForm

DECISIONS_PER_PAGE = 20


# --- the register ---------------------------------------------------------------------------------


def register(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = RegisterFilterForm(request.GET or None, bodies=selectors.register_bodies(user),
                              years=selectors.register_years(user))
    filters = form.filters()
    page = Paginator(selectors.register(user, **filters), DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    rows = selectors.rows(page.object_list)
    visible = permissions.visible_body_ids(user)
    linkable = {ruling.pk for row in rows if row.referral for ruling in row.referral.rulings
                if ruling.meeting.body_id in visible}
    return render_page(request, "governance/register.html", {
        "form": form, "page_obj": page, "rows": rows, "query": query, "linkable": linkable,
        "filtered": any(filters.values()),
    })


# --- one decision ---------------------------------------------------------------------------------


def _decision_or_404(request, pk: int) -> tuple[Decision, bool]:
    found = selectors.decision_for_page(request.user, pk)
    if found is None:
        raise Http404
    return found


def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    decision, public = _decision_or_404(request, pk)
    user = request.user
    body = decision.meeting.body
    circuit = selectors.decision_circuit(decision)
    steps = [*circuit.origins, *(ruling for referral in circuit.referrals for ruling in referral.rulings)]
    linkable = {step.pk for step in steps
                if selectors.readable(user, step, public=step.pk in circuit.public_ids)}
    own_referral = circuit.referrals[0] if circuit.referrals and circuit.referrals[0].decision.pk == decision.pk \
        else None
    return render_page(request, "governance/decision.html", {
        "decision": decision, "body": body, "meeting": decision.meeting, "public": public,
        "circuit": circuit, "linkable": linkable,
        "can_run": permissions.can_run(user, body),
        "can_retry": (decision.outcome == DecisionOutcome.REFERRED and permissions.can_run(user, body)
                      and (own_referral is None or own_referral.proposal is None)),
        "actions": list(ActionItem.objects.filter(decision=decision).select_related("owner").order_by("due_date")),
    })


@require_POST
def decision_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    decision, _public = _decision_or_404(request, pk)
    person = person_or_403(request)
    try:
        proposal = services.decision_escalate(decision=decision, by=person)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Decision %(number)s is now a proposal for the meeting of %(body)s on "
                                    "%(date)s.") % {
            "number": decision.number, "body": proposal.meeting.body.label,
            "date": _local_date(proposal.meeting.start)})
    return redirect(decision)


def _local_date(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


# --- recording a meeting's decisions and actions --------------------------------------------------


def _run_meeting_or_403(request, pk: int):
    meeting = meeting_or_404(request, pk)
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the secretary, the chair or the coordination record the decisions of this "
                           "meeting."))
    return meeting


def _decision_form(meeting, data=None, *, prefix="decision", **kwargs) -> DecisionForm:
    # The recording page holds two forms: their fields are prefixed so their ids differ.
    return DecisionForm(data, items=list(meeting.items.order_by("position", "pk")), prefix=prefix, **kwargs)


def _action_form(meeting, decisions, data=None, **kwargs) -> ActionForm:
    return ActionForm(data, owners=action_selectors.owner_choices(meeting.body), decisions=decisions,
                      prefix="action", **kwargs)


def refuse(form, refused: Refused) -> None:
    form.add_error(None, refused.message)


def meeting_decisions(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _run_meeting_or_403(request, pk)
    decision_rows = selectors.meeting_decisions(meeting)
    decisions = [row.decision for row in decision_rows]
    decision_form = action_form = None
    if request.method == "POST":
        person = person_or_403(request)
        if request.POST.get("form") == "action":
            action_form = _action_form(meeting, decisions, request.POST)
            if action_form.is_valid():
                data = action_form.cleaned_data
                try:
                    action = action_services.action_create(
                        body=meeting.body, meeting=meeting, decision=data["decision"], by=person,
                        title=data["title"], owner=data["owner"], due_date=data["due_date"])
                except Refused as refused:
                    refuse(action_form, refused)
                else:
                    messages.success(request, _("Action « %(title)s » given to %(owner)s.") % {
                        "title": action.title, "owner": action.owner.full_name})
                    return redirect("governance:meeting_decisions", meeting.pk)
        else:
            decision_form = _decision_form(meeting, request.POST)
            if decision_form.is_valid():
                data = decision_form.cleaned_data
                try:
                    decision = services.decision_record(meeting=meeting, by=person, text=data["text"],
                                                        outcome=data["outcome"], item=data["item"])
                except Refused as refused:
                    refuse(decision_form, refused)
                else:
                    _said_recorded(request, decision)
                    return redirect("governance:meeting_decisions", meeting.pk)
    decision_form = decision_form or _decision_form(meeting)
    action_form = action_form or _action_form(meeting, decisions)
    bound = decision_form if decision_form.is_bound else action_form
    return render_page(request, "governance/meeting_decisions.html", {
        "meeting": meeting, "body": meeting.body, "rows": decision_rows,
        "actions": action_selectors.meeting_actions(meeting),
        "locked": services.minutes_locked(meeting),
        "decision_form": decision_form, "action_form": action_form,
    }, status=status_of(bound))


def _said_recorded(request, decision: Decision) -> None:
    messages.success(request, _("Decision %(number)s recorded.") % {"number": decision.number})
    if decision.outcome != DecisionOutcome.REFERRED:
        return
    if decision.escalation_blocked:
        messages.warning(request, _("It could not be referred yet: %(reason)s") % {
            "reason": decision.escalation_blocked})
    else:
        messages.info(request, _("It was put on the next meeting of the parent body as a proposal."))


def _meeting_decision_or_404(request, pk: int, decision_pk: int):
    meeting = _run_meeting_or_403(request, pk)
    decision = Decision.objects.filter(pk=decision_pk, meeting=meeting).select_related("item").first()
    if decision is None:
        raise Http404
    decision.meeting = meeting
    return meeting, decision


def decision_edit(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting, decision = _meeting_decision_or_404(request, pk, decision_pk)
    initial = {"text": decision.text, "outcome": decision.outcome,
               "item": str(decision.item_id) if decision.item_id else ""}
    form = _decision_form(meeting, request.POST or None, prefix=None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_update(decision=decision, by=person_or_403(request), text=data["text"],
                                                outcome=data["outcome"], item=data["item"])
        except Refused as refused:
            refuse(form, refused)
        else:
            messages.success(request, _("Decision %(number)s changed.") % {"number": decision.number})
            if decision.outcome == DecisionOutcome.REFERRED and decision.escalation_blocked:
                messages.warning(request, _("It could not be referred yet: %(reason)s") % {
                    "reason": decision.escalation_blocked})
            return redirect("governance:meeting_decisions", meeting.pk)
    return render_page(request, "governance/decision_edit.html", {
        "meeting": meeting, "decision": decision, "form": form, "locked": services.minutes_locked(meeting),
    }, status=status_of(form))


def decision_delete(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting, decision = _meeting_decision_or_404(request, pk, decision_pk)
    error = ""
    if request.method == "POST":
        try:
            services.decision_delete(decision=decision, by=person_or_403(request))
        except Refused as refused:
            error = refused.message
        else:
            messages.success(request, _("Decision %(number)s deleted.") % {"number": decision.number})
            return redirect("governance:meeting_decisions", meeting.pk)
    return render_page(request, "governance/decision_delete.html", {
        "meeting": meeting, "decision": decision, "error": error,
        "meeting_decisions_url": reverse("governance:meeting_decisions", args=[meeting.pk]),
    }, status=400 if error else 200)


urlpatterns = [
    path("decisions/", register, name="register"),
    path("decisions/<int:pk>/", decision_page, name="decision"),
    path("decisions/<int:pk>/renvoyer/", decision_escalate, name="decision_escalate"),
    path("reunions/<int:pk>/decisions/", meeting_decisions, name="meeting_decisions"),
    path("reunions/<int:pk>/decisions/<int:decision_pk>/modifier/", decision_edit, name="decision_edit"),
    path("reunions/<int:pk>/decisions/<int:decision_pk>/supprimer/", decision_delete, name="decision_delete"),
]
