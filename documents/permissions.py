"""Who may see and do what in the document library (DESIGN §5), checked by the services (the last
word), the views (404 early), Wagtail's file URL (documents.wagtail_hooks: before_serve_document),
the admin's choosers and listings, and the site's search alike.

- Read a folder, its documents and their files: Coordination; everyone with an account when the
  folder is for « the whole network »; the staff (Coordination, Référents, Personnel) when it is
  for « all staff »; its members always: the current members of the body it belongs to, or the
  people of the library. A folder with no access row is Coordination's alone.
  Everyone else gets 404, as if it did not exist.
- Add documents (and sub-folders) to a folder one may read: Coordination; the staff when the folder
  says « all staff »; its members (as above) when it says « its members ».
- Change or delete a document: Coordination, or the person who added it while they may still add
  to its folder.
- Set a folder's access and import a Google Drive Takeout: Coordination.

The folders one may read are found with one query per request (readable_collection_ids), so a
listing, the search and a page of links stay at a constant number of queries."""

from django.db.models import Q
from django.http import Http404

from intranet.caching import per_request
from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user

from .models import FolderAccess, Owner, Readers, Writers


def is_coordination(user) -> bool:
    return has_role(user, Role.COORDINATION)  # superusers included


def _is_staff(user) -> bool:
    return has_role(user, *STAFF_ROLES)


def _member_of(user) -> tuple[list[int], int | None]:
    """(ids of the bodies this user sits on today, their library's id), once per request."""
    from governance.permissions import current_roles

    person = person_for_user(user)
    return sorted(current_roles(user)), (person.library_id if person is not None else None)


def _members_q(user) -> Q:
    """The folders of the bodies this user sits on and of their library. Their members read them
    whatever the readers say: « all staff » is wider than « members only », never narrower (an elected
    member of a body whose minutes all staff read still reads its folder, as governance shows its body)."""
    body_ids, library_id = _member_of(user)
    members = Q(owner=Owner.BODY, body_id__in=body_ids)
    if library_id is not None:
        members |= Q(owner=Owner.LIBRARY, library_id=library_id)
    return members


def readable_access_q(user) -> Q:
    """The FolderAccess rows this user may read (Coordination: all)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_coordination(user):
        return Q()
    readable = Q(readers=Readers.NETWORK) | _members_q(user)
    if _is_staff(user):
        readable |= Q(readers=Readers.STAFF)
    return readable


def readable_collection_ids(user) -> frozenset[int]:
    """The collections (folders) this user may read, one query per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()

    def build():
        from wagtail.models import Collection

        if is_coordination(user):
            return frozenset(Collection.objects.values_list("pk", flat=True))
        return frozenset(FolderAccess.objects.filter(readable_access_q(user)).values_list("collection_id", flat=True))

    return per_request(user, "documents_readable_collections", build)


def can_read_folder(user, collection) -> bool:
    collection_id = getattr(collection, "pk", collection)
    return collection_id in readable_collection_ids(user)


def require_folder_readable(user, collection) -> None:
    if not can_read_folder(user, collection):
        raise Http404


def can_read_document(user, document) -> bool:
    return can_read_folder(user, document.collection_id)


def readable_documents_q(user) -> Q:
    """A filter on Document: the documents this user may read."""
    if is_coordination(user):
        return Q()
    return Q(collection_id__in=sorted(readable_collection_ids(user)))


def _access_of(collection) -> FolderAccess | None:
    try:
        return collection.access
    except FolderAccess.DoesNotExist:
        return None


def can_add_to(user, collection) -> bool:
    """Add documents and sub-folders to this folder."""
    if not getattr(user, "is_authenticated", False) or not can_read_folder(user, collection):
        return False
    if is_coordination(user):
        return True
    access = _access_of(collection)
    if access is None or access.writers == Writers.COORDINATION:
        return False
    if access.writers == Writers.STAFF:
        return _is_staff(user)
    body_ids, library_id = _member_of(user)
    if access.owner == Owner.BODY:
        return access.body_id in body_ids
    return access.owner == Owner.LIBRARY and access.library_id is not None and access.library_id == library_id


def can_change_document(user, document) -> bool:
    if is_coordination(user):
        return True
    return (document.uploaded_by_user_id is not None and document.uploaded_by_user_id == user.pk
            and can_add_to(user, document.collection))


def can_set_access(user) -> bool:
    return is_coordination(user)


def can_import_drive(user) -> bool:
    return is_coordination(user)


def addable_access_q(user) -> Q:
    """The FolderAccess rows of the folders this user may add to (can_add_to, as a filter)."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_coordination(user):
        return Q()
    addable = Q(writers=Writers.MEMBERS) & _members_q(user)
    if _is_staff(user):
        addable |= Q(writers=Writers.STAFF)
    return readable_access_q(user) & addable


def addable_collection_ids(user) -> frozenset[int]:
    """The folders this user may add documents and sub-folders to (can_add_to), one query per request:
    for the choices of the admin's upload forms and bulk « add to collection »."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()

    def build():
        from wagtail.models import Collection

        if is_coordination(user):
            return frozenset(Collection.objects.values_list("pk", flat=True))
        return frozenset(FolderAccess.objects.filter(addable_access_q(user)).values_list("collection_id", flat=True))

    return per_request(user, "documents_addable_collections", build)
