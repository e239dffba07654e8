"""Importing an .ics file into a network calendar or as room bookings: upload, preview (a dry run:
what would be new, updated, unchanged or skipped, and the conflicts), then confirm or discard.
The coordination only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.errors import Refused

from ..forms_imports import IcsUploadForm
from ..importing import ImportRefused, ImportReport
from ..importing.uploads import ics_import_confirm, ics_import_discard, ics_import_preview
from ..models import IcsImport, IcsImportStatus, NetworkCalendar
from ..permissions import can_edit_calendar
from .agenda_common import render_agenda_page
from .common import person_or_403

RECENT_IMPORTS = 10


def _coordination_only(request: HttpRequest):
    if not can_edit_calendar(request.user):
        raise PermissionDenied(_("Only the coordination imports calendar files."))
    return person_or_403(request)


def _import_or_404(pk: int) -> IcsImport:
    found = IcsImport.objects.filter(pk=pk).select_related("calendar", "created_by").defer("content").first()
    if found is None:
        raise Http404(_("No such import."))
    return found


def _start_page(request, form, *, status=200) -> HttpResponse:
    recent = list(IcsImport.objects.select_related("calendar", "created_by").defer("content")
                  .order_by("-created_at", "-pk")[:RECENT_IMPORTS])
    return render_agenda_page(request, "calendar_sync/imports/start.html", {"form": form, "recent": recent},
                              section="import", status=status)


def start(request: HttpRequest) -> HttpResponse:
    person = _coordination_only(request)
    calendars = list(NetworkCalendar.objects.active().order_by("name"))
    if request.method != "POST":
        return _start_page(request, IcsUploadForm(calendars=calendars))
    form = IcsUploadForm(request.POST, request.FILES, calendars=calendars)
    if not form.is_valid():
        return _start_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        ics_import = ics_import_preview(by=person, data=upload.read(), filename=upload.name,
                                        calendar=form.calendar, as_bookings=form.as_bookings)
    except ImportRefused as refused:
        form.add_error("file", refused.message)
        return _start_page(request, form, status=400)
    return redirect("agenda:import_preview", pk=ics_import.pk)


def preview(request: HttpRequest, pk: int) -> HttpResponse:
    _coordination_only(request)
    ics_import = _import_or_404(pk)
    return render_agenda_page(request, "calendar_sync/imports/preview.html", {
        "ics_import": ics_import, "report": ImportReport.from_dict(ics_import.report),
        "waiting": ics_import.status == IcsImportStatus.PREVIEWED}, section="import")


@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    person = _coordination_only(request)
    ics_import = _import_or_404(pk)
    try:
        report = ics_import_confirm(ics_import=ics_import, by=person)
    except (ImportRefused, Refused) as refused:
        messages.error(request, refused.message)
        return render_agenda_page(request, "calendar_sync/imports/preview.html", {
            "ics_import": ics_import, "report": ImportReport.from_dict(ics_import.report),
            "waiting": False, "error": refused.message}, section="import", status=400)
    messages.success(request, _("Import done: %(new)d new, %(updated)d updated, %(cancelled)d cancelled, "
                                "%(skipped)d skipped.") % {"new": report.new, "updated": report.updated,
                                                            "cancelled": report.cancelled,
                                                            "skipped": report.skipped})
    return redirect("agenda:import_preview", pk=ics_import.pk)


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    person = _coordination_only(request)
    ics_import = _import_or_404(pk)
    try:
        ics_import_discard(ics_import=ics_import, by=person)
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect("agenda:import_preview", pk=ics_import.pk)
    messages.success(request, _("Import discarded: nothing was imported."))
    return redirect("agenda:import")


urlpatterns = [
    path("importer/", start, name="import"),
    path("importer/<int:pk>/", preview, name="import_preview"),
    path("importer/<int:pk>/confirmer/", confirm, name="import_confirm"),
    path("importer/<int:pk>/abandonner/", discard, name="import_discard"),
]
