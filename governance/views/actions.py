"""« Mes actions » (the viewer's open actions across bodies, overdue ones marked, and the done ones),
a body's actions, and marking one done, reopening, cancelling or changing it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import ActionItem, ActionStatus, BodyPage, Decision
from ..selectors import actions as selectors
from ..services import actions as services
from .common import person_or_403, render_page, status_of
from .forms_decisions import ActionForm, ActionNoteForm

DONE_SHOWN = 20
ACTIONS_PER_PAGE = 30
PANEL_SIZE = 5


def _note_form(action: ActionItem, data=None) -> ActionNoteForm:
    # Several forms share « Mes actions »: their ids carry the action's pk.
    return ActionNoteForm(data, auto_id=f"id_%s_{action.pk}",
                          help_text=_("Optional: what was done, where to find it."))


def my_actions(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    today = timezone.localdate()
    open_rows, done = [], []
    if person is not None:
        open_rows = [{"action": action, "overdue": action.due_date < today, "form": _note_form(action)}
                     for action in selectors.open_actions_of(person)]
        done = list(selectors.closed_actions_of(person)[:DONE_SHOWN])
    return render_page(request, "governance/my_actions.html", {
        "person": person, "open_rows": open_rows, "overdue_count": sum(row["overdue"] for row in open_rows),
        "done": done, "done_shown": DONE_SHOWN, "today": today,
    })


def body_actions(request: HttpRequest, body_pk: int) -> HttpResponse:
    body = BodyPage.objects.live().filter(pk=body_pk).first()
    if body is None or not permissions.can_see_body(request.user, body):
        raise Http404
    status = request.GET.get("status", ActionStatus.OPEN)
    if status not in ActionStatus.values:
        status = ActionStatus.OPEN
    page = Paginator(selectors.body_actions(body, status=status), ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render_page(request, "governance/body_actions.html", {
        "body": body, "page_obj": page, "status": status, "statuses": ActionStatus.choices,
        "query": f"status={status}", "today": timezone.localdate(),
        "can_run": permissions.can_run(request.user, body),
    })


# --- one action -----------------------------------------------------------------------------------


def _action_or_404(request, pk: int) -> ActionItem:
    """An action of a body the viewer may see, or their own (a former member keeps theirs)."""
    action = ActionItem.objects.select_related("body", "meeting", "decision", "owner").filter(pk=pk).first()
    if action is None:
        raise Http404
    person = person_for_user(request.user)
    if not (person is not None and action.owner_id == person.pk) and \
            not permissions.can_see_body(request.user, action.body):
        raise Http404
    return action


def _back(request, action: ActionItem):
    if target := _safe_next(request):
        return redirect(target)
    person = person_for_user(request.user)
    if person is not None and person.pk == action.owner_id:
        return redirect("governance:my_actions")
    return redirect("governance:body_actions", action.body_id)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()) else ""


def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark an action done with a note (the owner or a runner): the form of « Mes actions » posts
    here; shown on its own page again when the note needs correcting."""
    action = _action_or_404(request, pk)
    person = person_or_403(request)
    if person.pk != action.owner_id and not permissions.can_run(request.user, action.body):
        raise NotAllowed(_("Only the owner of this action, the secretary, the chair or the coordination can "
                           "mark it done."))
    form = _note_form(action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_complete(action=action, by=person, note=form.cleaned_data["note"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Action « %(title)s » marked as done.") % {"title": action.title})
            return _back(request, action)
    return render_page(request, "governance/action_complete.html", {
        "action": action, "form": form, "next": _safe_next(request), "today": timezone.localdate(),
    }, status=status_of(form))


@require_POST
def action_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    try:
        services.action_reopen(action=action, by=person_or_403(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Action « %(title)s » is open again.") % {"title": action.title})
    return _back(request, action)


def action_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    if not permissions.can_run(request.user, action.body):
        raise NotAllowed(_("Only the secretary, the chair or the coordination can cancel an action."))
    form = _note_form(action, request.POST if request.method == "POST" else None)
    form.fields["note"].label = _("Why it is cancelled")
    if request.method == "POST" and form.is_valid():
        try:
            services.action_cancel(action=action, by=person_or_403(request), note=form.cleaned_data["note"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Action « %(title)s » cancelled.") % {"title": action.title})
            return _back(request, action)
    return render_page(request, "governance/action_cancel.html", {
        "action": action, "form": form, "next": _safe_next(request),
    }, status=status_of(form))


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action_or_404(request, pk)
    if not permissions.can_run(request.user, action.body):
        raise NotAllowed(_("Only the secretary, the chair or the coordination can change an action."))
    owners = selectors.owner_choices(action.body)
    if action.owner_id not in {owner.pk for owner in owners}:
        owners = [action.owner, *owners]  # a former member keeps it until someone else takes it
    decisions = list(Decision.objects.filter(meeting=action.meeting).order_by("pk")) if action.meeting_id else []
    initial = {"title": action.title, "owner": str(action.owner_id), "due_date": action.due_date,
               "decision": str(action.decision_id) if action.decision_id else ""}
    form = ActionForm(request.POST or None, owners=owners, decisions=decisions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(action=action, by=person_or_403(request), title=data["title"],
                                   owner=data["owner"], due_date=data["due_date"], decision=data["decision"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Action « %(title)s » changed.") % {"title": data["title"]})
            return _back(request, action)
    return render_page(request, "governance/action_edit.html", {
        "action": action, "form": form, "next": _safe_next(request),
    }, status=status_of(form))


# --- the dashboard panel « My open actions » (registered in governance/wagtail_hooks.py) ------------


def my_open_actions_panel(request: HttpRequest) -> dict | None:
    person = person_for_user(request.user)
    if person is None:
        return None
    actions = list(selectors.open_actions_of(person)[:PANEL_SIZE + 1])
    if not actions:
        return None
    today = timezone.localdate()
    shown = actions[:PANEL_SIZE]
    return {"rows": [{"action": action, "overdue": action.due_date < today} for action in shown],
            "more": len(actions) > PANEL_SIZE}


urlpatterns = [
    path("actions/", my_actions, name="my_actions"),
    path("actions/<int:pk>/terminer/", action_complete, name="action_complete"),
    path("actions/<int:pk>/rouvrir/", action_reopen, name="action_reopen"),
    path("actions/<int:pk>/annuler/", action_cancel, name="action_cancel"),
    path("actions/<int:pk>/modifier/", action_edit, name="action_edit"),
    path("instances/<int:body_pk>/actions/", body_actions, name="body_actions"),
]
