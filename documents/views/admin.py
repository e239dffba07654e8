"""The « Dossiers » admin screen: Coordination sets who reads and who adds to each folder, through
documents.services.folder_access_set (sub-folders that follow their parent follow the change)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Collection

from intranet.text import clean_line

from .. import permissions, services
from ..errors import NotAllowed, Refused
from ..forms import FolderAccessForm

FOLDERS_PER_PAGE = 50


def _require_coordination(user) -> None:
    if not permissions.can_set_access(user):
        raise PermissionDenied


def _folders_page(*, query: str, page_number, parent=None):
    """One page of folders (tree order; the sub-folders of `parent` only when given) with their
    access and their parent's name: three queries."""
    folders = Collection.objects.filter(depth__gt=1).select_related("access").order_by("path")
    if parent is not None:
        folders = folders.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if query:
        folders = folders.filter(name__icontains=query)
    page = Paginator(folders, FOLDERS_PER_PAGE).get_page(page_number)
    parent_paths = {folder.path[:-Collection.steplen] for folder in page if folder.depth > 2}
    parents = dict(Collection.objects.filter(path__in=parent_paths).values_list("path", "name"))
    for folder in page:
        folder.parent_name = parents.get(folder.path[:-Collection.steplen], "")
        folder.folder_access = getattr(folder, "access", None)  # None: Coordination's alone
    return page


def folder_list(request):
    _require_coordination(request.user)
    query = clean_line(request.GET.get("q", ""))[:100]
    parent_id = request.GET.get("parent", "")
    parent = get_object_or_404(Collection, pk=parent_id, depth__gt=1) if parent_id.isdigit() else None
    return TemplateResponse(request, "documents/admin/folder_list.html", {
        "page_title": _("Folders"), "page_subtitle": parent.name if parent else "",
        "header_icon": "folder-open-inverse", "query": query, "parent": parent,
        "page": _folders_page(query=query, page_number=request.GET.get("p"), parent=parent),
    })


def folder_access_edit(request, pk: int):
    _require_coordination(request.user)
    folder = get_object_or_404(Collection.objects.select_related("access__body", "access__library"), pk=pk, depth__gt=1)
    access = getattr(folder, "access", None)
    parent = folder.get_parent()
    form = FolderAccessForm(request.POST or None, access=access) if access is not None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.folder_access_set(collection=folder, by=request.user, **form.cleaned_data)
        except NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except Refused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        else:
            messages.success(request, _("Access of the folder « %(name)s » saved.") % {"name": folder.name})
            return redirect("documents_folders")
    status = 400 if request.method == "POST" and (form is None or form.errors) else 200
    return TemplateResponse(request, "documents/admin/folder_access.html", {
        "page_title": _("Folder access"), "page_subtitle": folder.name, "header_icon": "folder-open-inverse",
        "folder": folder, "access": access, "parent": parent, "form": form,
    }, status=status)
