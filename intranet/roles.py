"""The five roles of the network (Django groups) and what each may do.

The groups themselves are created by a data migration; their permissions are (re)applied after
every `migrate` from the registry below, so a feature app grants its own model permissions by
calling `grant()` (and its page permissions, `grant_pages(..., under=its section)`) in its
AppConfig.ready() and never has to edit this module.
"""

from collections import defaultdict
from enum import StrEnum

from .caching import per_request


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
# Wagtail page permissions, by where they apply: "" for the whole tree (the root page), or the page
# type ("app_label.ModelName") of a section, whose pages (max_count = 1) and descendants they cover.
_PAGE_PERMISSIONS: dict[Role, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
# Wagtail collection permissions (images, documents) on the root collection.
_COLLECTION_PERMISSIONS: dict[Role, set[str]] = defaultdict(set)


def grant(role: Role, *permissions: str) -> None:
    """Give a role model permissions, written "app_label.codename"."""
    _MODEL_PERMISSIONS[role].update(permissions)


def grant_pages(role: Role, *codenames: str, under: str = "") -> None:
    """Give a role Wagtail page permissions ("add_page", "change_page"...) on the whole tree, or only
    `under` a section: `grant_pages(Role.REFERENTS, "add_page", "change_page", under="tutorials.TutorialIndexPage")`.
    Whatever they grant, a page someone may not read on the site stays out of their reach in the
    admin (intranet.page_permissions)."""
    _PAGE_PERMISSIONS[role][under].update(codenames)


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
# Referents write through moderation (they add and edit, a coordinator publishes), in the sections
# they are meant to edit and nowhere else: not the dashboard, not another section. Feature apps
# declare theirs the same way in their AppConfig.ready().
grant_pages(Role.REFERENTS, "add_page", "change_page", under="intranet.StandardIndexPage")
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


def _wanted_page_permissions(role: Role, root_page) -> set[tuple[int, int]]:
    """(page id, permission id) of every page permission the registry gives a role."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    wanted = set()
    for under, codenames in _PAGE_PERMISSIONS[role].items():
        if under:
            page_ids = list(apps.get_model(under).objects.values_list("pk", flat=True))
        else:
            page_ids = [root_page.pk] if root_page is not None else []
        permission_ids = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ).values_list("pk", flat=True)
        wanted.update((page_id, permission_id) for page_id in page_ids for permission_id in permission_ids)
    return wanted


def sync_role_permissions() -> None:
    """Idempotent: make every role's permissions match the registry (run again after creating a
    section page outside a migration)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permission_objects(_MODEL_PERMISSIONS[role]))
        wanted = _wanted_page_permissions(role, root_page)
        current = {(grant.page_id, grant.permission_id): grant.pk
                   for grant in GroupPagePermission.objects.filter(group=group)}
        GroupPagePermission.objects.filter(pk__in=[pk for key, pk in current.items() if key not in wanted]).delete()
        GroupPagePermission.objects.bulk_create([
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in sorted(wanted - current.keys())
        ])
        if root_collection is not None:
            wanted = _permission_objects(_COLLECTION_PERMISSIONS[role])
            GroupCollectionPermission.objects.filter(group=group).exclude(permission__in=wanted).delete()
            for permission in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def roles_of(user) -> frozenset[str]:
    """The role names of a user, one query per request."""
    return per_request(user, "roles", lambda: frozenset(user.groups.values_list("name", flat=True)),
                       anonymous=frozenset())


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & {role.value for role in roles}) or getattr(user, "is_superuser", False)
