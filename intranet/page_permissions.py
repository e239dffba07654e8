"""Which pages each person may read on the site, and page permissions in the Wagtail admin that
follow it.

On the site, a page that a Wagtail privacy restriction keeps from a person (restricted to groups
they are not in, or by a password), or that an app's own rule keeps from them (`HiddenPages`,
e.g. a body's page from who may not read it), is left out of every listing, search and panel
(`pages_visible_to`, `page_visible_to`).

Roles get their page permissions in intranet.roles (Coordination on the whole tree, referents on
the sections they edit). On top of that, a page that a Wagtail privacy restriction keeps from a
person on the site (restricted to other groups, or by a password) does not exist for them in the
admin either. Coordination reads everything (DESIGN §5) and keeps every right. Each door of the
admin is closed by one piece of this module:

- `intranet.models.IntranetPage`, the base of every page model of the project, answers
  `permissions_for_user` with `SiteVisibilityPermissionTester`: no action at all on a hidden
  page (edit, preview, revisions, history, copy, move, delete, lock, submit, bulk actions), nor
  with it as a destination;
- `SiteVisibilityPagePolicy`, Wagtail's page policy minus hidden pages, feeds every admin listing
  built on it (explorer, page search, admin API of the explorer menu, reports, dashboard panels);
- `refuse_hidden_pages` wraps the admin's URLs: one that names a hidden page answers 404 (the
  explorer and the page chooser would otherwise show its title while browsing into it), and so
  do the few views that name pages without asking the policy, for anyone but Coordination;
- intranet.wagtail_hooks filters the page chooser and keeps hidden pages out of bulk actions.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from wagtail.models import Page, PagePermissionTester, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy

from .caching import cached, per_request
from .hooks import HIDDEN_PAGES, registered
from .roles import Role, has_role, roles_of


def _no_paths(user) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class HiddenPages:
    """Pages an app keeps from some people by its own rule (a body's page from who may not read
    it): `paths(user)` gives the tree paths of those hidden from this user, at a constant number of
    queries. Declared in the app's wagtail_hooks.py under intranet.hooks.HIDDEN_PAGES.

    A rule that would name hundreds of pages (the tutorials of an audience, at 10x) gives `pages(user)`
    instead: a queryset of the hidden pages' ids (a subquery: the listing stays one query), or None
    when it hides nothing from this user."""

    key: str
    paths: Callable[[object], Iterable[str]] = _no_paths
    order: int = 100
    pages: Callable[[object], QuerySet | None] | None = None


VIEW_RESTRICTIONS_CACHE = "page_view_restrictions"


def view_restrictions() -> list[tuple[str, str, frozenset[str]]]:
    """(page path, restriction type, group names) of every Wagtail privacy restriction: the same for
    everyone, so cached for everyone until a restriction changes (intranet.signals)."""
    def build():
        return [(restriction.page.path, restriction.restriction_type,
                 frozenset(group.name for group in restriction.groups.all()))
                for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups")]

    return cached(VIEW_RESTRICTIONS_CACHE, build)


def hidden_page_paths(user) -> list[str]:
    """Tree paths of the pages that a Wagtail privacy restriction keeps from this user (restricted
    to groups they are not in, or by a password), their descendants included. Two queries, once per
    request."""
    if getattr(user, "is_superuser", False):
        return []

    def build() -> list[str]:
        user_groups = roles_of(user)
        paths = [
            path for path, kind, groups in view_restrictions()
            if kind == PageViewRestriction.PASSWORD or (kind == PageViewRestriction.GROUPS and not groups & user_groups)
        ]
        for rule in registered(HIDDEN_PAGES):
            paths.extend(rule.paths(user))
        return paths

    return per_request(user, "hidden_page_paths", build)


def hidden_page_queries(user) -> list[QuerySet]:
    """The subqueries of page ids that the apps' rules hide from this user (`HiddenPages.pages`)."""
    if getattr(user, "is_superuser", False):
        return []

    def build() -> list[QuerySet]:
        queries = (rule.pages(user) for rule in registered(HIDDEN_PAGES) if rule.pages is not None)
        return [query for query in queries if query is not None]

    return per_request(user, "hidden_page_queries", build, anonymous=[])


def pages_visible_to(user, pages: QuerySet[Page]) -> QuerySet[Page]:
    """Exclude the pages a Wagtail privacy restriction or an app's rule keeps from this user (two
    queries at most, whatever the number of pages; the rules' subqueries join the listing's own)."""
    for path in hidden_page_paths(user):
        pages = pages.exclude(path__startswith=path)
    for hidden in hidden_page_queries(user):
        pages = pages.exclude(pk__in=hidden)
    return pages


def page_visible_to(user, page: Page) -> bool:
    if any(page.path.startswith(path) for path in hidden_page_paths(user)):
        return False
    return not any(hidden.filter(pk=page.pk).exists() for hidden in hidden_page_queries(user))


def sees_every_page(user) -> bool:
    return has_role(user, Role.COORDINATION)  # superusers included


def hidden_from(user, page: Page) -> bool:
    """Whether the admin must act as if this page did not exist for this user."""
    if sees_every_page(user):
        return False
    return not page_visible_to(user, page)


def visible_in_admin(user, pages):
    """The pages of a queryset this user may meet in the admin."""
    if sees_every_page(user):
        return pages
    return pages_visible_to(user, pages)


class SiteVisibilityPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, and none at all on a page hidden from the user on the site."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.hidden = hidden_from(user, page)
        if self.hidden:
            self.permissions = set()  # add, change, publish, lock... on nothing

    # The checks below do not (only) read self.permissions: a workflow task or a lock can grant them.
    def can_edit(self):
        return not self.hidden and super().can_edit()

    def can_lock(self):
        return not self.hidden and super().can_lock()

    def can_unlock(self):
        return not self.hidden and super().can_unlock()

    def can_submit_for_moderation(self):
        return not self.hidden and super().can_submit_for_moderation()

    def can_view_revisions(self):
        return not self.hidden and super().can_view_revisions()


class SiteVisibilityPagePolicy(PagePermissionPolicy):
    """Wagtail's page permission policy, minus the pages hidden from the user on the site."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return not hidden_from(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_in_admin(user, super().instances_user_has_any_permission_for(user, actions))

    def explorable_instances(self, user):
        return visible_in_admin(user, super().explorable_instances(user))


def register_page_policy() -> None:
    """Make SiteVisibilityPagePolicy the policy of every page model (called in AppConfig.ready)."""
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, SiteVisibilityPagePolicy(Page))


# The admin's URL arguments that name a page (`pk` too, in the pages' own URLs), and the views
# that name pages in their query string (?id=1&id=2).
PAGE_URL_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
PAGES_NAMESPACE = "wagtailadmin_pages"
PAGE_IDS_IN_QUERY = {"wagtailadmin_choose_page_chosen_multiple"}
# Admin views that name pages without asking the page policy (the page types usage report shows
# each type's last edited page, whoever may read it): for Coordination only.
COORDINATION_ONLY_VIEWS = {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results"}


def _page_ids_in_url(request, kwargs) -> list:
    ids = [kwargs[name] for name in PAGE_URL_KWARGS if name in kwargs]
    match = request.resolver_match
    if match is not None and match.namespace == PAGES_NAMESPACE and "pk" in kwargs:
        ids.append(kwargs["pk"])
    if match is not None and match.url_name in PAGE_IDS_IN_QUERY:
        ids += [value for value in request.GET.getlist("id") if value.isdigit()]
    return ids


def refuse_hidden_pages(view):
    """Wrap an admin view: a URL that names a page hidden from the user answers 404."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not sees_every_page(request.user):
            if request.resolver_match is not None and request.resolver_match.view_name in COORDINATION_ONLY_VIEWS:
                raise Http404
            if ids := _page_ids_in_url(request, kwargs):
                named = Page.objects.filter(pk__in=ids)
                if visible_in_admin(request.user, named).count() != named.count():
                    raise Http404
        return view(request, *args, **kwargs)

    return wrapper
