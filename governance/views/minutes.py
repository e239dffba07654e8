"""Attendance and minutes pages of a meeting, and the print views and PDFs of its agenda and
minutes.

Who sees what: a meeting of a body the user may not see is a 404 (meeting_or_404). Minutes being
written or waiting for approval are for the secretary, the chair and Coordination only; approved
minutes follow the body's reading rule; anyone else gets a 404, on the page and on the PDF alike.
Recording attendance and writing minutes is for who runs the body's meetings (403 otherwise)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..errors import NotAllowed, Refused
from ..forms.minutes import ApproveForm, AttendanceForm, CorrectForm, MinutesForm, VersionForm
from ..models import Meeting, Minutes, MinutesStatus
from ..pdf import render_pdf
from ..selectors import minutes as selectors
from ..services import minutes as services
from .common import meeting_or_404, person_or_403, render_page, status_of


def _require_run(request: HttpRequest, meeting: Meeting) -> None:
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the secretary, the chair of the body or the coordination can do this."))


def _minutes_url(meeting: Meeting, version: int | None = None) -> str:
    url = reverse("governance:minutes", args=[meeting.pk])
    return f"{url}?version={version}" if version else url


# --- Attendance ----------------------------------------------------------------------------------

def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    _require_run(request, meeting)
    try:
        services.check_attendance_open(meeting)
    except Refused as refused:
        closed = refused.message
    else:
        closed = ""
    rows = selectors.attendance_rows(meeting)
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=person_or_403(request), entries=form.entries())
        except services.AttendanceRefused as refused:
            form.add_error(form.field_of(refused.person), refused.message)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The attendance list is recorded."))
            return redirect(_minutes_url(meeting))
    elif request.method == "POST" and closed:
        form.add_error(None, closed)
    return render_page(request, "governance/attendance.html", {
        "meeting": meeting, "form": form, "closed": closed,
    }, status=status_of(form))


# --- The minutes page and its actions -------------------------------------------------------------

def _version_asked(request: HttpRequest) -> int | None:
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() and 0 < int(value) < 1000 else None


def _minutes_page(request: HttpRequest, meeting: Meeting, *, version: int | None = None,
                  approve_form: ApproveForm | None = None, correct_form: CorrectForm | None = None,
                  status: int = 200) -> HttpResponse:
    user = request.user
    view = selectors.minutes_view(meeting, user, version=version)
    can_run = permissions.can_run(user, meeting.body)
    if view.minutes is None and (version is not None or not can_run):
        raise Http404
    shown = view.minutes
    can_approve = permissions.can_approve_minutes(user, meeting.body)
    approval_refused = ""
    if shown is not None and shown.status == MinutesStatus.SUBMITTED and can_approve and approve_form is None:
        candidates = selectors.approval_meetings(meeting)
        if candidates:
            approve_form = ApproveForm(initial={"version": shown.version}, meetings=candidates)
        else:
            try:
                services.check_approval_meeting(shown, None, now=timezone.now())
            except Refused as refused:
                approval_refused = refused.message
    may_correct = (shown is not None and shown.status == MinutesStatus.APPROVED and can_run
                   and view.open_version is None)
    if may_correct and correct_form is None:
        correct_form = CorrectForm(initial={"version": shown.version})
    return render_page(request, "governance/minutes.html", {
        "meeting": meeting, "view": view, "minutes": shown, "can_run": can_run, "can_approve": can_approve,
        "approve_form": approve_form, "approval_refused": approval_refused,
        "correct_form": correct_form if may_correct else None,
        "started": meeting.start <= timezone.now(),
    }, status=status)


def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    return _minutes_page(request, meeting, version=_version_asked(request))


def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    _require_run(request, meeting)
    try:
        draft = services.check_minutes_editable(meeting)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(_minutes_url(meeting))
    schedule = selectors.agenda_schedule(meeting)
    texts = selectors.item_texts(draft) if draft else {}
    form = MinutesForm(request.POST or None, schedule=schedule.items, texts=texts,
                       summary=draft.summary if draft else "")
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.minutes_save(meeting=meeting, by=person_or_403(request),
                                          summary=form.cleaned_data["summary"], items=form.items())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Version %(version)d of the minutes is saved as a draft.")
                             % {"version": saved.version})
            return redirect(_minutes_url(meeting))
    return render_page(request, "governance/minutes_edit.html", {
        "meeting": meeting, "form": form, "draft": draft,
    }, status=status_of(form))


def _posted_version(request: HttpRequest, meeting: Meeting) -> Minutes:
    form = VersionForm(request.POST)
    if not form.is_valid():
        raise Http404
    found = Minutes.objects.filter(meeting=meeting, version=form.cleaned_data["version"]).first()
    if found is None:
        raise Http404
    found.meeting = meeting
    return found


def _minutes_step(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    """Move the posted version of a meeting's minutes one step (submit, back to draft) through
    `step`, a service; the service's refusal or `done` is said on the minutes page."""
    meeting = meeting_or_404(request, pk)
    _require_run(request, meeting)
    minutes = _posted_version(request, meeting)
    try:
        step(minutes=minutes, by=person_or_403(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(_minutes_url(meeting))


@require_POST
def minutes_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes_step(request, pk, services.minutes_submit, _(
        "The minutes are submitted: the chair or the coordination approves them at the body's next meeting."))


@require_POST
def minutes_return_to_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes_step(request, pk, services.minutes_return_to_draft,
                         _("The minutes are back to draft: they can be changed again."))


@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    if not permissions.can_approve_minutes(request.user, meeting.body):
        raise NotAllowed(_("Only the chair of the body or the coordination can approve the minutes."))
    minutes = _posted_version(request, meeting)
    form = ApproveForm(request.POST, meetings=selectors.approval_meetings(meeting))
    if form.is_valid():
        try:
            approved = services.minutes_approve(minutes=minutes, by=person_or_403(request), at_meeting=form.meeting())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Version %(version)d of the minutes is approved and locked.")
                             % {"version": approved.version})
            return redirect(_minutes_url(meeting))
    return _minutes_page(request, meeting, approve_form=form, status=400)


@require_POST
def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    _require_run(request, meeting)
    minutes = _posted_version(request, meeting)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            correction = services.minutes_correct(minutes=minutes, by=person_or_403(request),
                                                  reason=form.cleaned_data["reason"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Version %(version)d is a draft with the approved text: correct it, then "
                                        "submit it for approval.") % {"version": correction.version})
            return redirect("governance:minutes_edit", pk=meeting.pk)
    return _minutes_page(request, meeting, correct_form=form, status=400)


# --- Print views and PDFs --------------------------------------------------------------------------

def _readable_minutes(request: HttpRequest, pk: int) -> tuple[Meeting, selectors.MinutesView]:
    meeting = meeting_or_404(request, pk)
    view = selectors.minutes_view(meeting, request.user, version=_version_asked(request))
    if view.minutes is None:
        raise Http404
    return meeting, view


def _body_slug(meeting: Meeting) -> str:
    return slugify(meeting.body.short_name or meeting.body.title) or "instance"


def _pdf_response(request: HttpRequest, template: str, context: dict, filename: str) -> HttpResponse:
    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    response = HttpResponse(render_pdf(html, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _minutes_context(meeting: Meeting, view: selectors.MinutesView) -> dict:
    return {"meeting": meeting, "view": view, "minutes": view.minutes, "printed_at": timezone.localtime()}


def minutes_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, view = _readable_minutes(request, pk)
    return render(request, "governance/print/minutes.html", _minutes_context(meeting, view))


def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, view = _readable_minutes(request, pk)
    day = timezone.localdate(meeting.start).isoformat()
    filename = f"compte-rendu-{_body_slug(meeting)}-{day}-v{view.minutes.version}.pdf"
    return _pdf_response(request, "governance/print/minutes.html", _minutes_context(meeting, view), filename)


def _agenda_context(meeting: Meeting) -> dict:
    return {"meeting": meeting, "schedule": selectors.agenda_schedule(meeting), "printed_at": timezone.localtime()}


def agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    return render(request, "governance/print/agenda.html", _agenda_context(meeting))


def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk)
    filename = f"ordre-du-jour-{_body_slug(meeting)}-{timezone.localdate(meeting.start).isoformat()}.pdf"
    return _pdf_response(request, "governance/print/agenda.html", _agenda_context(meeting), filename)


urlpatterns = [
    path("reunions/<int:pk>/presences/", attendance, name="attendance"),
    path("reunions/<int:pk>/compte-rendu/", minutes, name="minutes"),
    path("reunions/<int:pk>/compte-rendu/modifier/", minutes_edit, name="minutes_edit"),
    path("reunions/<int:pk>/compte-rendu/soumettre/", minutes_submit, name="minutes_submit"),
    path("reunions/<int:pk>/compte-rendu/brouillon/", minutes_return_to_draft, name="minutes_return_to_draft"),
    path("reunions/<int:pk>/compte-rendu/approuver/", minutes_approve, name="minutes_approve"),
    path("reunions/<int:pk>/compte-rendu/corriger/", minutes_correct, name="minutes_correct"),
    path("reunions/<int:pk>/compte-rendu/imprimer/", minutes_print, name="minutes_print"),
    path("reunions/<int:pk>/compte-rendu/pdf/", minutes_pdf, name="minutes_pdf"),
    path("reunions/<int:pk>/ordre-du-jour/imprimer/", agenda_print, name="agenda_print"),
    path("reunions/<int:pk>/ordre-du-jour/pdf/", agenda_pdf, name="agenda_pdf"),
]
