"""The Drive import in the Wagtail admin, for the coordination: upload a Google Takeout and a target
folder (a path of folder names, never a list of every folder), follow the background import
(documents.tasks) on a page that refreshes itself without JavaScript, read its report; the past
imports listed. Anyone else gets 403 (the admin's own login wall comes first)."""

import zipfile
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.defaults import permission_denied

from ..errors import Refused
from ..importing.report import OUTCOME_LABELS, ImportReport, Outcome
from ..importing.run import folder_path
from ..importing.target import find_folder, resolve_folder
from ..models import DriveImport, ImportStatus
from ..permissions import can_import_drive

app_name = "documents_import"
IMPORTS_PER_PAGE = 20
ENTRIES_PER_PAGE = 100
REFRESH_SECONDS = 3


class DriveImportForm(forms.Form):
    archive = forms.FileField(
        label=gettext_lazy("Google Takeout archive (.zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text=gettext_lazy("Export your Drive (and your calendars, if you wish) with Google Takeout as a .zip."))
    folder = forms.CharField(
        label=gettext_lazy("Import into the folder"), max_length=500, initial="Réseau/Archives Drive",
        help_text=gettext_lazy("A path of folder names from the top, e.g. « Réseau/Archives Drive », or a folder "
                               "number. A missing last folder is made, with the access of its parent."))
    dry_run = forms.BooleanField(label=gettext_lazy("Only show what would be imported (dry run)"), required=False)
    as_drafts = forms.BooleanField(label=gettext_lazy("Also turn each Word file into a draft tutorial"),
                                   required=False)

    def clean_archive(self):
        archive = self.cleaned_data["archive"]
        limit = settings.DRIVE_IMPORT_MAX_ARCHIVE_BYTES
        if archive.size > limit:
            raise forms.ValidationError(_("The archive weighs %(size)s: archives up to %(limit)s are accepted.")
                                        % {"size": filesizeformat(archive.size), "limit": filesizeformat(limit)})
        if not zipfile.is_zipfile(archive):
            raise forms.ValidationError(_("This file is not a zip archive: export your Drive with Google Takeout "
                                          "as a .zip."))
        archive.seek(0)
        return archive

    def clean(self):
        cleaned = super().clean()
        spec = cleaned.get("folder")
        if spec:
            try:
                folder, _parent, _name = find_folder(spec)
            except Refused as refused:
                self.add_error("folder", refused.message)
            else:
                if folder is None and cleaned.get("dry_run"):
                    self.add_error("folder", _("This folder does not exist yet and a dry run makes nothing: "
                                               "choose an existing folder or untick the dry run."))
        return cleaned


# The model's labels are shared words (« Done » is an action's « Faite »): an import's own here.
STATUS_LABELS = {
    ImportStatus.QUEUED: pgettext_lazy("drive import", "Waiting"),
    ImportStatus.RUNNING: pgettext_lazy("drive import", "Running"),
    ImportStatus.DONE: pgettext_lazy("drive import", "Done"),
    ImportStatus.FAILED: pgettext_lazy("drive import", "Failed"),
}


def importer_only(view):
    """403 for anyone but the coordination (answered here: the admin turns a raised PermissionDenied
    into a redirect, which would hide the refusal)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_import_drive(request.user):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapper


@importer_only
def index(request):
    imports = DriveImport.objects.select_related("collection", "requested_by").order_by("-created_at", "-pk")
    page = Paginator(imports, IMPORTS_PER_PAGE).get_page(request.GET.get("page"))
    for drive_import in page.object_list:
        drive_import.status_label = STATUS_LABELS[drive_import.status]
    return TemplateResponse(request, "documents/admin/import_index.html", {"page": page})


@importer_only
def new(request):
    form = DriveImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            try:
                into = resolve_folder(data["folder"])
            except Refused as refused:
                form.add_error("folder", refused.message)
            else:
                drive_import = DriveImport.objects.create(
                    collection=into, archive=data["archive"], archive_name=data["archive"].name[:200],
                    dry_run=data["dry_run"], as_drafts=data["as_drafts"], requested_by=request.user)
                transaction.on_commit(lambda: _enqueue(drive_import.pk))
        if not form.errors:
            messages.success(request, _("The import of « %(name)s » has started.")
                             % {"name": drive_import.archive_name})
            return redirect("documents_import:status", pk=drive_import.pk)
    return TemplateResponse(request, "documents/admin/import_form.html",
                            {"form": form, "max_archive": settings.DRIVE_IMPORT_MAX_ARCHIVE_BYTES},
                            status=400 if form.errors else 200)


def _enqueue(import_id: int) -> None:
    from ..tasks import run_drive_import

    run_drive_import.enqueue(import_id)


@importer_only
def status(request, pk: int):
    drive_import = get_object_or_404(DriveImport.objects.select_related("collection", "requested_by"), pk=pk)
    drive_import.status_label = STATUS_LABELS[drive_import.status]
    running = drive_import.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    context = {"drive_import": drive_import, "running": running, "refresh_seconds": REFRESH_SECONDS,
               "folder_path": folder_path(drive_import.collection)}
    if drive_import.report:
        report = ImportReport.from_dict(drive_import.report)
        shown = request.GET.get("outcome", "")
        shown = shown if shown in {outcome.value for outcome in Outcome} else ""
        entries = [entry for entry in report.entries if not shown or entry.outcome == shown]
        context.update({
            "report": report,
            "outcome_shown": shown,
            "totals": [(outcome.value, OUTCOME_LABELS[outcome], report.count(outcome)) for outcome in Outcome],
            "entries": (entries_page := Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))),
            "rows": [(OUTCOME_LABELS[entry.outcome], entry) for entry in entries_page.object_list],
        })
    return TemplateResponse(request, "documents/admin/import_status.html", context)


urlpatterns = [
    path("", index, name="index"),
    path("nouveau/", new, name="new"),
    path("<int:pk>/", status, name="status"),
]
