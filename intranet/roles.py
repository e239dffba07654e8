"""The five roles of the network (Django groups) and what each may do.

The groups themselves are created by a data migration; their permissions are (re)applied after
every `migrate` from the grants that every app declares in its `wagtail_hooks.py`
(`intranet.hooks.ROLE_PERMISSIONS`), so a feature app grants its own model permissions with
`grant()` (and its page permissions with `grant_pages(..., under=its section)`) and never has to
edit this module::

    @hooks.register(ROLE_PERMISSIONS)
    def role_permissions():
        return [grant(Role.COORDINATION, "calendar_sync.add_room", ...)]

`shown_to()` is the one filter of the registered entries that are for some roles only (panels,
quick links, navigation).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from .caching import per_request
from .hooks import ROLE_PERMISSIONS, collect


class Role(StrEnum):
    COORDINATION = "Coordination"
    REFERENTS = "Référents"
    STAFF = "Personnel"
    VOLUNTEERS = "Bénévoles"
    ELECTED = "Élus"


ALL_ROLES = tuple(Role)
# Roles that see staff content (everything but volunteers and elected officials).
STAFF_ROLES = (Role.COORDINATION, Role.REFERENTS, Role.STAFF)


class GrantKind(StrEnum):
    MODEL = "model"  # "app_label.codename"
    PAGES = "pages"  # Wagtail page permission codenames ("add_page"), on the tree or `under` a section
    COLLECTIONS = "collections"  # "app_label.codename" on the root collection (images, documents)


@dataclass(frozen=True)
class Grant:
    role: Role
    kind: GrantKind
    permissions: frozenset[str]
    # Pages only: "" for the whole tree (the root page), or the page type ("app_label.ModelName") of
    # a section, whose pages (max_count = 1) and descendants the permissions cover.
    under: str = ""


def grant(role: Role, *permissions: str) -> Grant:
    """Model permissions for a role, written "app_label.codename"."""
    return Grant(role, GrantKind.MODEL, frozenset(permissions))


def grant_pages(role: Role, *codenames: str, under: str = "") -> Grant:
    """Wagtail page permissions ("add_page", "change_page"...) for a role on the whole tree, or only
    `under` a section: `grant_pages(Role.REFERENTS, "add_page", "change_page", under="tutorials.TutorialIndexPage")`.
    Whatever they grant, a page someone may not read on the site stays out of their reach in the
    admin (intranet.page_permissions)."""
    return Grant(role, GrantKind.PAGES, frozenset(codenames), under=under)


def grant_collections(role: Role, *permissions: str) -> Grant:
    """Image and document permissions ("wagtailimages.add_image"...) on the root collection."""
    return Grant(role, GrantKind.COLLECTIONS, frozenset(permissions))


@dataclass
class _Wanted:
    """What every app's grants add up to for one role."""

    model: set[str]
    pages: dict[str, set[str]]
    collections: set[str]


def _wanted() -> dict[Role, _Wanted]:
    wanted = {role: _Wanted(set(), defaultdict(set), set()) for role in ALL_ROLES}
    for item in collect(ROLE_PERMISSIONS):
        target = wanted[item.role]
        if item.kind == GrantKind.MODEL:
            target.model.update(item.permissions)
        elif item.kind == GrantKind.PAGES:
            target.pages[item.under].update(item.permissions)
        else:
            target.collections.update(item.permissions)
    return wanted


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


def _wanted_page_permissions(pages: dict[str, set[str]], root_page) -> set[tuple[int, int]]:
    """(page id, permission id) of every page permission granted, by section."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    wanted = set()
    for under, codenames in pages.items():
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
    """Idempotent: make every role's permissions match the grants (run again after creating a
    section page outside a migration)."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role, granted in _wanted().items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permission_objects(granted.model))
        wanted = _wanted_page_permissions(granted.pages, root_page)
        current = {(grant.page_id, grant.permission_id): grant.pk
                   for grant in GroupPagePermission.objects.filter(group=group)}
        GroupPagePermission.objects.filter(pk__in=[pk for key, pk in current.items() if key not in wanted]).delete()
        GroupPagePermission.objects.bulk_create([
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in sorted(wanted - current.keys())
        ])
        if root_collection is not None:
            wanted = _permission_objects(granted.collections)
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
    # A StrEnum member is its name's string (same hash, equal), so no set of `.value`s is built: pages
    # ask this for every card and row.
    return not roles_of(user).isdisjoint(roles) or getattr(user, "is_superuser", False)


T = TypeVar("T")


def shown_to(user, entries: Iterable[T]) -> list[T]:
    """The entries meant for this user: those whose `roles` hold one of theirs, and those with no
    `roles` (for everyone)."""
    return [entry for entry in entries if not entry.roles or has_role(user, *entry.roles)]
