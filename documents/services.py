"""Writes of the document library: folders (Wagtail collections with their access) and documents.
Every rule is here (documents.permissions, documents.uploads): the site's views, the admin and the
Drive import call these functions and never write the models themselves.

Each function is atomic; a file stored on disk for a write that fails is removed again, so a refused
or interrupted upload leaves nothing behind."""

import datetime
import hashlib
import os

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection
from wagtail.search import index

from intranet.text import clean_line

from . import permissions, uploads
from .errors import NotAllowed, Refused, UploadRefused  # noqa: F401  (UploadRefused: for the callers)
from .models import FolderAccess, FolderKey, NetworkDocument, Owner, Readers, Writers
from .text import extract_text

MAX_FOLDER_NAME = 255
MAX_TITLE = 255

# The well-known folders: (key, parent key, name, readers, writers), built by folders_sync.
WELL_KNOWN = [
    (FolderKey.NETWORK, None, "Réseau", Readers.NETWORK, Writers.COORDINATION),
    (FolderKey.TUTORIALS, FolderKey.NETWORK, "Tutoriels et procédures", Readers.NETWORK, Writers.STAFF),
    (FolderKey.BODIES, None, "Instances", Readers.NETWORK, Writers.COORDINATION),
    (FolderKey.LIBRARIES, None, "Médiathèques", Readers.NETWORK, Writers.COORDINATION),
]


# --- Folders -----------------------------------------------------------------------------------------

def _root() -> Collection:
    return Collection.get_first_root_node()


def _child_named(parent: Collection, name: str) -> Collection | None:
    wanted = name.casefold()
    return next((child for child in parent.get_children() if child.name.casefold() == wanted), None)


def _add_child(parent: Collection, name: str) -> Collection:
    return parent.add_child(instance=Collection(name=name))


def inherit_parent_access(collection: Collection, parent: Collection) -> FolderAccess | None:
    """Give a new sub-folder its parent's access (kept in step with it later)."""
    parent_access = FolderAccess.objects.filter(collection=parent).first()
    if parent_access is None:
        return None
    access, _created = FolderAccess.objects.update_or_create(collection=collection, defaults={
        "owner": parent_access.owner, "body_id": parent_access.body_id, "library_id": parent_access.library_id,
        "readers": parent_access.readers, "writers": parent_access.writers, "inherited": True,
    })
    return access


def well_known_folder(key: FolderKey) -> Collection:
    """One of the folders the site builds; made on first use."""
    access = FolderAccess.objects.select_related("collection").filter(key=key).first()
    if access is not None:
        return access.collection
    folders_sync(bodies=False, libraries=False)
    return FolderAccess.objects.select_related("collection").get(key=key).collection


@transaction.atomic
def folders_sync(*, bodies: bool = True, libraries: bool = True) -> dict[str, int]:
    """Idempotent: the well-known folders, one home folder per governance body and one per library.
    Returns {what: how many were made}."""
    made = {"network": 0, "bodies": 0, "libraries": 0}
    if _root() is None:  # a database emptied by a flush: Wagtail's migrations make the root again
        return made
    by_key = {access.key: access.collection for access in
              FolderAccess.objects.select_related("collection").exclude(key="")}
    for key, parent_key, name, readers, writers in WELL_KNOWN:
        if key in by_key:
            continue
        parent = by_key[parent_key] if parent_key else _root()
        collection = _child_named(parent, name) or _add_child(parent, name)
        FolderAccess.objects.update_or_create(collection=collection, defaults={
            "owner": Owner.NETWORK, "readers": readers, "writers": writers, "key": key, "inherited": False})
        by_key[key] = collection
        made["network"] += 1
    if bodies:
        from governance.models import BodyPage

        have = set(FolderAccess.objects.filter(is_home=True, body__isnull=False).values_list("body_id", flat=True))
        for body in BodyPage.objects.exclude(pk__in=have).order_by("title", "pk"):
            _home_folder(by_key[FolderKey.BODIES], name=body.title, owner=Owner.BODY, body=body,
                         readers=body.reading_rule)
            made["bodies"] += 1
    if libraries:
        from intranet.models import Library

        have = set(FolderAccess.objects.filter(is_home=True, library__isnull=False)
                   .values_list("library_id", flat=True))
        for library in Library.objects.exclude(pk__in=have).order_by("name", "pk"):
            _home_folder(by_key[FolderKey.LIBRARIES], name=library.name, owner=Owner.LIBRARY, library=library,
                         readers=Readers.STAFF)
            made["libraries"] += 1
    return made


def _home_folder(parent: Collection, *, name: str, owner: Owner, readers: str, body=None, library=None) -> Collection:
    collection = _add_child(parent, clean_line(name)[:MAX_FOLDER_NAME])
    FolderAccess.objects.update_or_create(collection=collection, defaults={
        "owner": owner, "body": body, "library": library, "readers": readers, "writers": Writers.MEMBERS,
        "is_home": True, "inherited": False})
    return collection


def home_folder_of(*, body=None, library=None) -> Collection:
    """The folder of a body or a library, made if it is missing."""
    access = FolderAccess.objects.select_related("collection").filter(
        is_home=True, **({"body": body} if body is not None else {"library": library})).first()
    if access is not None:
        return access.collection
    parent = well_known_folder(FolderKey.BODIES if body is not None else FolderKey.LIBRARIES)
    with transaction.atomic():
        if body is not None:
            return _home_folder(parent, name=body.title, owner=Owner.BODY, body=body, readers=body.reading_rule)
        return _home_folder(parent, name=library.name, owner=Owner.LIBRARY, library=library, readers=Readers.STAFF)


def clean_folder_name(name: str) -> str:
    name = clean_line(str(name or "")).replace("/", "-").replace("\\", "-").strip(" .")
    if not name:
        raise Refused(_("Give the folder a name."), field="name")
    if len(name) > MAX_FOLDER_NAME:
        raise Refused(_("A folder name has at most %(count)d characters.") % {"count": MAX_FOLDER_NAME},
                      field="name")
    return name


@transaction.atomic
def folder_create(*, parent: Collection, name: str, by) -> Collection:
    """A sub-folder, with its parent's access. Refused when a sibling has that name already."""
    if not permissions.can_add_to(by, parent):
        raise NotAllowed(_("You may not add to this folder."))
    name = clean_folder_name(name)
    if _child_named(parent, name) is not None:
        raise Refused(_("This folder already holds a folder named « %(name)s ».") % {"name": name}, field="name")
    collection = _add_child(parent, name)
    inherit_parent_access(collection, parent)
    return collection


def folder_child(parent: Collection, name: str) -> tuple[Collection, bool]:
    """The sub-folder of that name (case-insensitive), made with the parent's access when missing:
    for the Drive import, whose caller checked the permission once. -> (folder, made)."""
    name = clean_folder_name(name)
    existing = _child_named(parent, name)
    if existing is not None:
        return existing, False
    with transaction.atomic():
        collection = _add_child(parent, name)
        inherit_parent_access(collection, parent)
    return collection, True


@transaction.atomic
def folder_access_set(*, collection: Collection, readers: str, writers: str, by) -> FolderAccess:
    """Set who reads and adds to a folder; its inheriting sub-folders follow."""
    if not permissions.can_set_access(by):
        raise NotAllowed(_("Only the coordination sets who may open a folder."))
    access = FolderAccess.objects.select_for_update().filter(collection=collection).first()
    if access is None:
        raise Refused(_("This folder belongs to no one yet: make it inside « Réseau », « Instances » or "
                        "« Médiathèques »."))
    if readers not in Readers.values or writers not in Writers.values:
        raise Refused(_("Choose who may read and who may add documents."))
    if access.owner == Owner.NETWORK and Readers.MEMBERS in (readers, writers):
        raise Refused(_("A network folder has no members: choose « all staff » or « the whole network »."),
                      field="readers")
    access.readers, access.writers, access.inherited = readers, writers, False
    access.save(update_fields=["readers", "writers", "inherited"])
    descendants = Collection.objects.filter(path__startswith=collection.path, depth__gt=collection.depth)
    FolderAccess.objects.filter(collection__in=descendants, inherited=True).update(readers=readers, writers=writers)
    return access


# --- Documents ---------------------------------------------------------------------------------------

def file_hash(file) -> str:
    """Wagtail's content hash of a document (SHA-1 of the bytes): the Drive import's « already there »."""
    digest = hashlib.sha1()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def clean_title(title: str, *, fallback: str) -> str:
    title = clean_line(str(title or "")) or os.path.splitext(fallback)[0] or fallback
    return title[:MAX_TITLE]


def clean_tags(tags) -> list[str]:
    return list(dict.fromkeys(clean_line(str(tag))[:100] for tag in tags if clean_line(str(tag))))[:20]


def store_document(*, collection: Collection, checked: uploads.CheckedFile, title: str = "", tags=(),
                   by=None, modified_at: datetime.datetime | None = None, source_path: str = "") -> NetworkDocument:
    """Write one checked file as a document, without a permission check: for document_add (which
    checks) and the Drive import (which checked once). Atomic; the stored file goes if the row fails."""
    upload = checked.upload
    extension = os.path.splitext(checked.name)[1].lstrip(".")
    document = NetworkDocument(
        title=clean_title(title, fallback=checked.name), collection=collection, uploaded_by_user=by,
        file_size=checked.size, file_hash=file_hash(upload), text=extract_text(upload, extension),
        modified_at=modified_at, source_path=source_path[:500],
    )
    stored_name = None
    try:
        with transaction.atomic():
            document.file.save(checked.name, upload if isinstance(upload, File) else File(upload), save=False)
            stored_name = document.file.name
            document.save()
            if tags:
                document.tags.set(clean_tags(tags))
                index.insert_or_update_object(document)  # saved before its tags: the search must find them
    except BaseException:
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def document_add(*, collection: Collection, upload, by, title: str = "", tags=()) -> NetworkDocument:
    """A file someone adds to a folder they may add to: checked on content and size."""
    if not permissions.can_add_to(by, collection):
        raise NotAllowed(_("You may not add documents to this folder."))
    checked = uploads.check(upload)
    return store_document(collection=collection, checked=checked, title=title, tags=tags, by=by)


@transaction.atomic
def document_update(*, document: NetworkDocument, by, title: str, tags=()) -> NetworkDocument:
    if not permissions.can_change_document(by, document):
        raise NotAllowed(_("You may not change this document."))
    document.title = clean_title(title, fallback=document.filename)
    document.save(update_fields=["title"])
    document.tags.set(clean_tags(tags))
    index.insert_or_update_object(document)  # the tags changed after the save: the search must find them
    return document


def document_delete(*, document: NetworkDocument, by) -> None:
    if not permissions.can_change_document(by, document):
        raise NotAllowed(_("You may not delete this document."))
    name, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
