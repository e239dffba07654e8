"""The five roles of the network (Django groups) and what each may do.

The groups themselves are created by a data migration; their permissions are (re)applied after
every `migrate` from the registry below, so a feature app grants its own model permissions by
calling `grant()` in its AppConfig.ready() and never has to edit this module.
"""

from collections import defaultdict
from enum import StrEnum


class Role(StrEnum):
    COORDINATION = "Coordination"
    REFERENTS = "Référents"
    STAFF = "Personnel"
    VOLUNTEERS = "Bénévoles"
    ELECTED = "Élus"


ALL_ROLES = tuple(Role)
# Roles that see staff content (everything but volunteers and elected officials).
STAFF_ROLES = (Role.COORDINATION, Role.REFERENTS, Role.STAFF)

_MODEL_PERMISSIONS: dict[Role, set[str]] = defaultdict(set)
# Wagtail page permissions granted on the whole tree (the root page).
_PAGE_PERMISSIONS: dict[Role, set[str]] = defaultdict(set)
# Wagtail collection permissions (images, documents) on the root collection.
_COLLECTION_PERMISSIONS: dict[Role, set[str]] = defaultdict(set)


def grant(role: Role, *permissions: str) -> None:
    """Give a role model permissions, written "app_label.codename"."""
    _MODEL_PERMISSIONS[role].update(permissions)


def grant_pages(role: Role, *codenames: str) -> None:
    _PAGE_PERMISSIONS[role].update(codenames)


def grant_collections(role: Role, *permissions: str) -> None:
    _COLLECTION_PERMISSIONS[role].update(permissions)


grant(
    Role.COORDINATION,
    "wagtailadmin.access_admin",
    "intranet.add_library", "intranet.change_library", "intranet.delete_library",
    "intranet.add_person", "intranet.change_person", "intranet.delete_person",
    "intranet.add_user", "intranet.change_user",
    "intranet.change_networksettings",
    "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
)
grant(Role.REFERENTS, "wagtailadmin.access_admin")
grant_pages(Role.COORDINATION, "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
            "unlock_page")
# Referents write through moderation: they can add and edit, a coordinator publishes.
grant_pages(Role.REFERENTS, "add_page", "change_page")
grant_collections(
    Role.COORDINATION,
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
)
grant_collections(
    Role.REFERENTS,
    "wagtailimages.add_image", "wagtailimages.choose_image",
    "wagtaildocs.add_document", "wagtaildocs.choose_document",
)


def _permission_objects(names: set[str]):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    if not names:
        return []
    query = Q()
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def sync_role_permissions_after_migrate(*, app_config, **kwargs) -> None:
    """post_migrate fires once per app; permissions exist for all apps only at the last one."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is with_models[-1]:
        sync_role_permissions()


def sync_role_permissions() -> None:
    """Idempotent: make every role's permissions match the registry."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permission_objects(_MODEL_PERMISSIONS[role]))
        if root_page is not None:
            page_perms = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=_PAGE_PERMISSIONS[role]
            )
            GroupPagePermission.objects.filter(group=group).exclude(permission__in=page_perms).delete()
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
        if root_collection is not None:
            wanted = _permission_objects(_COLLECTION_PERMISSIONS[role])
            GroupCollectionPermission.objects.filter(group=group).exclude(permission__in=wanted).delete()
            for permission in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def roles_of(user) -> frozenset[str]:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_intranet_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._intranet_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & {role.value for role in roles}) or getattr(user, "is_superuser", False)
