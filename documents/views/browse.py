"""Browsing the library: the top folders and one folder (its sub-folders and documents)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import permissions, selectors
from ..forms_site import DocumentSearchForm, FolderFilterForm
from ..models import Readers


def readers_in_words(folder) -> str:
    """Who may open the folder, in words (« Membres seulement »...)."""
    access = getattr(folder, "access", None)
    if access is None:
        return _("Coordination only")
    return str(Readers(access.readers).label)


def index(request):
    return render(request, "documents/index.html", {
        "folders": selectors.top_folders(request.user), "mine": selectors.my_folders(request.user),
        "form": DocumentSearchForm(),
    })


def folder(request, pk: int):
    current = selectors.folder_for(request.user, pk)
    if current is None:
        raise Http404
    form = FolderFilterForm(request.GET or None)
    name, sort = "", "date"
    if form.is_valid():
        name, sort = form.cleaned_data["name"], form.cleaned_data["sort"] or "date"
    children = Paginator(selectors.subfolders(request.user, current, name=name), selectors.SUBFOLDERS_PER_PAGE)
    folders_page = children.get_page(request.GET.get("dossiers"))
    documents = Paginator(selectors.folder_documents(current, sort=sort), selectors.DOCUMENTS_PER_PAGE)
    documents_page = documents.get_page(request.GET.get("page"))
    rows = [selectors.row(document) for document in documents_page]
    access = getattr(current, "access", None)
    body = access.body if access is not None and access.body_id else None
    return render(request, "documents/folder.html", {
        "folder": current, "crumbs": [*selectors.ancestors(current), current], "form": form,
        "folders_page": folders_page, "documents_page": documents_page, "rows": rows,
        "readers": readers_in_words(current), "can_add": permissions.can_add_to(request.user, current),
        "attachments": selectors.body_attachments(request.user, current), "body": body,
        "body_url": body.get_url(request) if body is not None and body.live else "",
        "filtering": bool(name), "many_folders": children.count > selectors.SUBFOLDERS_PER_PAGE or bool(name),
        "query": urlencode({key: value for key, value in (("name", name), ("sort", sort if sort != "date" else ""))
                           if value}),
        "sort": sort,
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("", index, name="index"),
    path("dossiers/<int:pk>/", folder, name="folder"),
]
