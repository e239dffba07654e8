"""Reads of the document library, each at a constant number of queries whatever the number of
folders and documents (documents.permissions finds the readable folders in one query)."""

import os
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Page, ReferenceIndex

from .models import FolderAccess, NetworkDocument, Owner
from .permissions import is_coordination, readable_collection_ids, readable_documents_q

SUBFOLDERS_PER_PAGE = 50
DOCUMENTS_PER_PAGE = 25
SEARCH_PER_PAGE = 25
ATTACHMENTS_SHOWN = 20
USAGES_SHOWN = 20

# The short type names of the allow-list (intranet.uploads.KINDS), for the listings and the search filter.
TYPE_LABELS = {
    "pdf": _("PDF"),
    "docx": _("Word"),
    "xlsx": _("Excel"),
    "pptx": _("PowerPoint"),
    "odt": _("OpenDocument text"),
    "ods": _("OpenDocument spreadsheet"),
    "odp": _("OpenDocument presentation"),
    "txt": _("Text"),
    "csv": _("CSV"),
    "png": _("PNG image"),
    "jpg": _("JPEG image"),
    "jpeg": _("JPEG image"),
}
# The search's type filter: one choice per label (jpg and jpeg are one type).
TYPE_FILTERS = {
    "pdf": ("pdf",), "docx": ("docx",), "xlsx": ("xlsx",), "pptx": ("pptx",), "odt": ("odt",), "ods": ("ods",),
    "odp": ("odp",), "txt": ("txt",), "csv": ("csv",), "png": ("png",), "jpg": ("jpg", "jpeg"),
}
# Shown in the page itself (inline): the types a browser displays safely.
PREVIEW_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def extension_of(document) -> str:
    return os.path.splitext(document.file.name)[1].lstrip(".").lower()


def type_label(document) -> str:
    return TYPE_LABELS.get(extension_of(document), extension_of(document).upper())


def preview_type(document) -> str | None:
    """The content type to preview this document in the page with, None when it is not previewed."""
    return PREVIEW_TYPES.get(extension_of(document))


def tag_names(document) -> list[str]:
    """The document's tags from the prefetch (taggit's manager builds a query for each `.all()`, even
    prefetched: 20 ms for a page of 25 documents)."""
    cached = getattr(document, "_prefetched_objects_cache", {}).get("tags")
    return sorted(tag.name for tag in (cached if cached is not None else document.tags.all()))


def row(document) -> dict:
    """What a listing shows of a document besides its fields."""
    return {"document": document, "type": type_label(document), "uploader": uploader_name(document),
            "tags": tag_names(document)}


def uploader_name(document) -> str:
    user = document.uploaded_by_user
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else (user.get_full_name() or user.email)


def _readable_q(user, field: str = "pk") -> Q:
    if is_coordination(user):
        return Q()
    return Q(**{f"{field}__in": sorted(readable_collection_ids(user))})


def _steplen() -> int:
    return Collection.steplen


# --- Folders ------------------------------------------------------------------------------------------

def top_folders(user) -> list[Collection]:
    """The folders right under the root that this user may read, by name, each with `subfolders`: how
    many of its sub-folders this user may read. Two queries."""
    root = Collection.get_first_root_node()
    readable = readable_collection_ids(user)
    folders = [folder for folder in root.get_children().order_by("name") if folder.pk in readable]
    prefix = (root.depth + 1) * _steplen()
    counts = dict(
        Collection.objects.filter(_readable_q(user), depth=root.depth + 2)
        .annotate(parent_path=Substr("path", 1, prefix)).order_by().values("parent_path")  # no ordering in GROUP BY
        .annotate(count=Count("pk")).values_list("parent_path", "count"))
    for folder in folders:
        folder.subfolders = counts.get(folder.path, 0)
    return folders


def my_folders(user) -> list[Collection]:
    """The home folders of the bodies this user sits on today and of their library, by name."""
    from governance.permissions import current_roles
    from intranet.selectors import person_for_user

    body_ids = sorted(current_roles(user))
    person = person_for_user(user)
    mine = Q(body_id__in=body_ids)
    if person is not None and person.library_id is not None:
        mine |= Q(library_id=person.library_id)
    readable = readable_collection_ids(user)
    accesses = FolderAccess.objects.filter(mine, is_home=True).select_related("collection").order_by(
        "collection__name")
    return [access.collection for access in accesses if access.collection_id in readable]


def folder_for(user, pk: int) -> Collection | None:
    """The folder with its access, None when it does not exist or this user may not read it."""
    if pk not in readable_collection_ids(user):
        return None
    # Wagtail's root collection is no folder of the library.
    return (Collection.objects.select_related("access", "access__body", "access__library")
            .filter(pk=pk, depth__gt=1).first())


def ancestors(folder: Collection) -> list[Collection]:
    """The folders above this one, from the top, without Wagtail's root. One query (none at the top)."""
    step = _steplen()
    paths = [folder.path[:step * depth] for depth in range(2, folder.depth)]
    if not paths:
        return []
    return list(Collection.objects.filter(path__in=paths).order_by("depth"))


def subfolders(user, folder: Collection, *, name: str = "") -> QuerySet[Collection]:
    """The sub-folders of this folder that this user may read, by name (filtered on `name`)."""
    children = Collection.objects.filter(_readable_q(user), path__startswith=folder.path, depth=folder.depth + 1)
    if name:
        children = children.filter(name__icontains=name)
    return children.order_by("name", "pk")


SORTS = {
    # The date shown (NetworkDocument.date), newest first, the same on SQLite and PostgreSQL (whose
    # NULLs would otherwise sort first).
    "date": (Coalesce("modified_at", "created_at").desc(), "-pk"),
    "title": ("title", "pk"),
}


def folder_documents(folder: Collection, *, sort: str = "date") -> QuerySet[NetworkDocument]:
    """The documents of one folder (its readers read them all), with their uploader and tags."""
    return (NetworkDocument.objects.filter(collection=folder)
            .select_related("uploaded_by_user__person").prefetch_related("tags")
            .order_by(*SORTS.get(sort, SORTS["date"])))


def body_attachments(user, folder: Collection) -> list:
    """The latest meeting attachments of the body whose home folder this is, that this user may
    download (governance.selectors.proposals.may_download: an agenda item's for who sees the body; a
    proposal's for its proposer and who runs the body). One query; none for other folders."""
    access = getattr(folder, "access", None)
    if access is None or access.owner != Owner.BODY or not access.is_home:
        return []
    from governance import permissions as governance_permissions
    from governance.models import Attachment
    from intranet.selectors import person_for_user

    body = access.body
    if not governance_permissions.can_see_body(user, body):
        return []
    shown = Q(item__meeting__body=body)
    if governance_permissions.can_run(user, body):
        shown |= Q(proposal__meeting__body=body)
    else:
        person = person_for_user(user)
        if person is not None:
            shown |= Q(proposal__meeting__body=body, proposal__proposer=person)
    return list(Attachment.objects.filter(shown)
                .select_related("item__meeting", "proposal__meeting")
                .order_by("-uploaded_at", "-pk")[:ATTACHMENTS_SHOWN])


# --- One document ---------------------------------------------------------------------------------

def document_for(user, pk: int) -> NetworkDocument | None:
    """The document with its folder, uploader and tags; None when this user may not read it."""
    document = (NetworkDocument.objects.filter(readable_documents_q(user), pk=pk)
                .select_related("collection", "uploaded_by_user__person").prefetch_related("tags").first())
    return document


@dataclass(frozen=True)
class Usage:
    title: str
    url: str


def usages(user, document: NetworkDocument) -> list[Usage]:
    """The live pages that reference this document and this user may read (Wagtail's reference
    index), at most USAGES_SHOWN. Constant queries: the references, the pages (site's rules applied)."""
    from intranet.page_permissions import pages_visible_to

    page_type = ContentType.objects.get_for_model(Page)  # the pages' base type, cached by Django
    page_ids = (ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
                .values_list("object_id", flat=True))
    ids = sorted({int(pk) for pk in page_ids[:500] if str(pk).isdigit()})
    if not ids:
        return []
    pages = pages_visible_to(user, Page.objects.live().filter(pk__in=ids)).order_by("title", "pk")
    return [Usage(page.title, page.url) for page in pages[:USAGES_SHOWN]]


# --- Search -----------------------------------------------------------------------------------------

def search_documents(user, text: str, *, kind: str = ""):
    """Wagtail's search over title, tags and text, among the documents this user may read (a search
    result set, to paginate, the newest first), optionally of one type."""
    documents = (NetworkDocument.objects.filter(readable_documents_q(user)).defer("text")
                 .select_related("collection", "uploaded_by_user__person").prefetch_related("tags"))
    if kind in TYPE_FILTERS:
        of_type = Q()
        for extension in TYPE_FILTERS[kind]:
            of_type |= Q(file__iendswith=f".{extension}")
        # `id` is a filter field of Wagtail's documents: the type goes in as a subquery on it.
        documents = documents.filter(pk__in=NetworkDocument.objects.filter(of_type).values("pk"))
    # Newest first rather than by relevance: Wagtail's SQLite backend scores each match with a
    # correlated full-text subquery, five times slower on a common word (300 hits: 110 ms against 22 ms).
    return documents.order_by("-id").search(text, order_by_relevance=False)


def with_details(documents) -> list[NetworkDocument]:
    """The page of search hits (their folder, uploader and tags come with them: search_documents), each
    with its `folder_path` (its folder's names from the top): one query more whatever the number of hits."""
    found = list(documents)
    if not found:
        return []
    step = _steplen()
    paths = {document.collection.path[:step * depth] for document in found
             for depth in range(2, document.collection.depth)}
    names = dict(Collection.objects.filter(path__in=sorted(paths)).values_list("path", "name")) if paths else {}
    for document in found:
        folder = document.collection
        document.folder_path = [names[folder.path[:step * depth]] for depth in range(2, folder.depth)
                                if folder.path[:step * depth] in names] + [folder.name]
    return found


def library_home_folder(user, library) -> Collection | None:
    """A library's folder, None when there is none or this user may not read it. One query."""
    access = FolderAccess.objects.select_related("collection").filter(is_home=True, library=library).first()
    if access is None or access.collection_id not in readable_collection_ids(user):
        return None
    return access.collection
