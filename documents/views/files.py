"""One document (its page, its preview) and adding documents and sub-folders."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from .. import permissions, selectors, services
from ..errors import Refused
from ..forms_site import DocumentEditForm, FolderForm, UploadForm, split_tags


def _readable_document(request, pk: int):
    document = selectors.document_for(request.user, pk)
    if document is None:
        raise Http404
    return document


def _refusal_to_form(form, refused: Refused, default_field: str | None = None) -> None:
    field = refused.field if refused.field in form.fields else default_field
    form.add_error(field, refused.message)


def document(request, pk: int):
    current = _readable_document(request, pk)
    folder = current.collection
    return render(request, "documents/document.html", {
        "document": current, "folder": folder, "ancestors": [*selectors.ancestors(folder), folder],
        "type": selectors.type_label(current), "uploader": selectors.uploader_name(current),
        "tags": selectors.tag_names(current),
        "preview": selectors.preview_type(current), "usages": selectors.usages(request.user, current),
        "can_change": permissions.can_change_document(request.user, current),
    })


@xframe_options_sameorigin
def preview(request, pk: int):
    """The file shown inline (PDF in an <iframe>, images in an <img>), after the same access check as
    Wagtail's file URL; other types have no preview (404)."""
    current = _readable_document(request, pk)
    content_type = selectors.preview_type(current)
    if content_type is None:
        raise Http404
    try:
        handle = current.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=False, filename=current.filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # The site's Content-Security-Policy (intranet.csp) says frame-ancestors 'self' for this answer too.
    response["Cache-Control"] = "private, no-cache"
    return response


@require_http_methods(["GET", "POST"])
def upload(request, pk: int):
    folder = selectors.folder_for(request.user, pk)
    if folder is None:
        raise Http404
    if not permissions.can_add_to(request.user, folder):
        raise services.NotAllowed(_("You may not add documents to this folder."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.document_add(collection=folder, upload=form.cleaned_data["file"], by=request.user,
                                          title=form.cleaned_data["title"], tags=split_tags(form.cleaned_data["tags"]))
        except Refused as refused:
            _refusal_to_form(form, refused, "file")
        else:
            messages.success(request, _("Document added: %(title)s.") % {"title": added.title})
            return redirect("documents:document", pk=added.pk)
    return render(request, "documents/upload.html", {
        "folder": folder, "ancestors": [*selectors.ancestors(folder), folder], "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def new_folder(request, pk: int):
    parent = selectors.folder_for(request.user, pk)
    if parent is None:
        raise Http404
    if not permissions.can_add_to(request.user, parent):
        raise services.NotAllowed(_("You may not add to this folder."))
    form = FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.folder_create(parent=parent, name=form.cleaned_data["name"], by=request.user)
        except Refused as refused:
            _refusal_to_form(form, refused, "name")
        else:
            messages.success(request, _("Folder created: %(name)s.") % {"name": made.name})
            return redirect("documents:folder", pk=made.pk)
    return render(request, "documents/new_folder.html", {
        "folder": parent, "ancestors": [*selectors.ancestors(parent), parent], "form": form,
    }, status=400 if form.errors else 200)


def _changeable_document(request, pk: int):
    current = _readable_document(request, pk)
    if not permissions.can_change_document(request.user, current):
        raise services.NotAllowed(_("You may not change this document."))
    return current


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    current = _changeable_document(request, pk)
    initial = {"title": current.title, "tags": ", ".join(selectors.tag_names(current))}
    form = DocumentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(document=current, by=request.user, title=form.cleaned_data["title"],
                                     tags=split_tags(form.cleaned_data["tags"]))
        except Refused as refused:
            _refusal_to_form(form, refused, "title")
        else:
            messages.success(request, _("Document updated."))
            return redirect("documents:document", pk=current.pk)
    folder = current.collection
    return render(request, "documents/edit.html", {
        "document": current, "ancestors": [*selectors.ancestors(folder), folder], "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    current = _changeable_document(request, pk)
    folder = current.collection
    if request.method == "POST":
        title = current.title
        services.document_delete(document=current, by=request.user)
        messages.success(request, _("Document deleted: %(title)s.") % {"title": title})
        return redirect(reverse("documents:folder", args=[folder.pk]))
    return render(request, "documents/delete.html", {
        "document": current, "ancestors": [*selectors.ancestors(folder), folder],
    })


urlpatterns = [
    path("fiche/<int:pk>/", document, name="document"),
    path("fiche/<int:pk>/apercu/", preview, name="preview"),
    path("fiche/<int:pk>/modifier/", edit, name="edit"),
    path("fiche/<int:pk>/supprimer/", delete, name="delete"),
    path("dossiers/<int:pk>/ajouter/", upload, name="upload"),
    path("dossiers/<int:pk>/nouveau-dossier/", new_folder, name="new_folder"),
]
