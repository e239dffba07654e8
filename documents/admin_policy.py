"""Wagtail's permission policy for our documents: Wagtail's own collection grants (intranet.roles:
Coordination add/change/choose, Référents add/choose on the root collection) still come first, and the
folders' access (documents.permissions) narrows them. Every admin screen asks this policy: the
listing and its search, the chooser, the upload forms' folder choices, the bulk actions, the edit,
delete and usage pages, the dashboard's counts. So the admin shows and lets one touch exactly what
the site does:

- choose, list, search: the documents of the folders one may read;
- add (upload, single or many, « add to collection »): only into the folders one may add to;
- change, delete: Coordination, or the uploader while they may still add to the document's folder."""

from django.db.models import Q
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from . import permissions

_CHANGE_ACTIONS = {"change", "delete"}


class DocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def _allowed_documents_q(self, user, actions) -> Q | None:
        """The documents our rules allow for any of `actions`; None: no further restriction."""
        if permissions.is_coordination(user):
            return None
        allowed = Q(pk__in=[])
        if "choose" in actions:
            allowed |= permissions.readable_documents_q(user)
        if _CHANGE_ACTIONS & set(actions):
            allowed |= Q(uploaded_by_user_id=user.pk,
                         collection_id__in=sorted(permissions.addable_collection_ids(user)))
        return allowed

    def user_has_permission(self, user, action):
        allowed = super().user_has_permission(user, action)
        if allowed and action == "add" and not permissions.is_coordination(user):
            # No folder to add to: no upload form at all (Wagtail's forms cannot be built without one).
            return bool(permissions.addable_collection_ids(user))
        return allowed

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        allowed = self._allowed_documents_q(user, actions)
        return queryset if allowed is None else queryset.filter(allowed)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        if not permissions.can_read_document(user, instance):
            return False
        actions = set(actions)
        return (("choose" in actions)
                or (bool(_CHANGE_ACTIONS & actions) and permissions.can_change_document(user, instance))
                or ("add" in actions and permissions.can_add_to(user, instance.collection)))

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        if not getattr(user, "is_authenticated", False):
            return collections.none()
        if permissions.is_coordination(user):
            return collections
        wanted: set[int] = set()
        if "choose" in actions:
            wanted |= permissions.readable_collection_ids(user)
        if {"add", *_CHANGE_ACTIONS} & set(actions):
            wanted |= permissions.addable_collection_ids(user)
        return collections.filter(pk__in=sorted(wanted))
