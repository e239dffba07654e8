"""The core's admin screens, and the entries of the core itself in the intranet's extension points
(intranet.hooks): its dashboard panel and quick links, its navigation entry, its demo data, its
benchmarks and the roles' permissions on its models and pages. Feature apps declare theirs the
same way in their own wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from . import benchmarks
from .account_data import PERSONAL_DATA_ENTRY
from .benchmarks import Benchmark
from .dashboard import Panel, QuickLink
from .demo import Seeder, seed_core
from .forms import AccountCreationForm, AccountEditForm
from .hooks import (
    BENCHMARKS,
    DASHBOARD_PANELS,
    DEMO_SEEDERS,
    NAVIGATION,
    PERSONAL_DATA,
    QUICK_LINKS,
    ROLE_PERMISSIONS,
)
from .models import Library, Person, StandardPage
from .navigation import NavItem
from .page_permissions import hidden_from, pages_visible_to, sees_every_page, visible_in_admin
from .roles import Role, grant, grant_collections, grant_pages
from .snippets import GuardedDeleteBulkAction, GuardedSnippetChooserViewSet


class LibraryViewSet(SnippetViewSet):
    model = Library
    chooser_viewset_class = GuardedSnippetChooserViewSet
    icon = "home"
    menu_label = _("Libraries")
    list_display = ["name", "commune", "phone", "is_head_office"]
    search_fields = ["name", "commune"]
    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("commune"), FieldPanel("address"),
        FieldPanel("phone"), FieldPanel("email"), FieldPanel("opening_hours"), FieldPanel("is_head_office"),
    ]


class PersonViewSet(SnippetViewSet):
    model = Person
    chooser_viewset_class = GuardedSnippetChooserViewSet
    icon = "user"
    menu_label = _("People")
    list_display = ["full_name", "library", "kind", "job_title", "active"]
    list_filter = ["kind", "library", "active"]
    search_fields = ["first_name", "last_name", "job_title"]
    list_per_page = 50
    panels = [
        MultiFieldPanel([FieldPanel("first_name"), FieldPanel("last_name"), FieldPanel("user")], heading=_("Identity")),
        MultiFieldPanel([FieldPanel("library"), FieldPanel("kind"), FieldPanel("job_title"), FieldPanel("phone")],
                        heading=_("In the network")),
        FieldPanel("photo"), FieldPanel("bio"), FieldPanel("mentor"), FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Person.objects.select_related("library")


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (LibraryViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


class UserViewSet(WagtailUserViewSet):
    """Settings → Users, with forms that keep one account per address (intranet.apps.UsersAppConfig
    puts it in place of Wagtail's)."""

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm


# --- Pages a person may not read on the site do not exist for them in the admin -------------------
# (intranet.page_permissions holds the rule; the permission tester, the page policy and the admin
# URL guard close the other doors.)

@hooks.register("construct_page_chooser_queryset")
def hide_pages_from_the_chooser(pages, request):
    return visible_in_admin(request.user, pages)


@hooks.register("construct_reports_menu")
def hide_the_page_types_report(request, menu_items):
    """It names each page type's last edited page, whoever may read it (its URL answers 404 too)."""
    if not sees_every_page(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


class VisiblePagesOnly:
    """A bulk action on pages that acts as if hidden pages were not selected: they are neither
    acted on (the permission tester refuses them) nor named among the pages refused."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        extra["items_with_no_access"] = [page for page in extra["items_with_no_access"]
                                         if not hidden_from(user, page)]
        return [page for page in objects if not hidden_from(user, page)], extra


class VisibleDeleteBulkAction(VisiblePagesOnly, DeleteBulkAction):
    pass


class VisibleMoveBulkAction(VisiblePagesOnly, MoveBulkAction):
    pass


class VisiblePublishBulkAction(VisiblePagesOnly, PublishBulkAction):
    pass


class VisibleUnpublishBulkAction(VisiblePagesOnly, UnpublishBulkAction):
    pass


# order=1: registered after Wagtail's own page bulk actions, which they replace (same action_type).
for _bulk_action in (VisibleDeleteBulkAction, VisibleMoveBulkAction, VisiblePublishBulkAction,
                     VisibleUnpublishBulkAction):
    hooks.register("register_bulk_action", _bulk_action, order=1)


# The bulk delete of every snippet, of every app, only for who may delete its model (its confirmation
# page lists the chosen objects by name). order=100: after Wagtail's own, which it replaces.
hooks.register("register_bulk_action", GuardedDeleteBulkAction, order=100)


# --- The core's entries in the intranet's extension points (intranet.hooks) -----------------------

@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("directory", _("Directory"), "directory:people", order=60)]


@hooks.register(QUICK_LINKS)
def quick_links():
    return [
        QuickLink(_("Directory"), "directory:people", order=50),
        QuickLink(_("My profile"), "profile", order=80),
        QuickLink(_("Security and two-factor authentication"), "mfa_index", order=90),
    ]


def recent_pages(request) -> dict | None:
    pages = list(pages_visible_to(request.user, StandardPage.objects.live()).order_by("-last_published_at")[:5])
    return {"pages": pages} if pages else None


@hooks.register(DASHBOARD_PANELS)
def dashboard_panels():
    return [Panel("recent_pages", _("Recently updated pages"), "intranet/panels/recent_pages.html", recent_pages,
                  order=900)]


@hooks.register(DEMO_SEEDERS)
def demo_seeders():
    return [Seeder("core", seed_core, order=0)]


@hooks.register(BENCHMARKS)
def core_benchmarks():
    return [
        Benchmark("dashboard", benchmarks.dashboard, order=10),
        Benchmark("directory", benchmarks.directory, order=20),
        Benchmark("directory_by_library", benchmarks.directory_by_library, order=21),
        Benchmark("search", benchmarks.search, order=30),
        Benchmark("library", benchmarks.library, order=40),
        Benchmark("person", benchmarks.person, order=50),
    ]


@hooks.register(ROLE_PERMISSIONS)
def role_permissions():
    return [
        grant(
            Role.COORDINATION,
            "wagtailadmin.access_admin",
            "intranet.add_library", "intranet.change_library", "intranet.delete_library",
            "intranet.add_person", "intranet.change_person", "intranet.delete_person",
            "intranet.add_user", "intranet.change_user",
            "intranet.change_networksettings",
            "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        ),
        grant(Role.REFERENTS, "wagtailadmin.access_admin"),
        grant_pages(Role.COORDINATION, "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
                    "unlock_page"),
        # Referents write through moderation (they add and edit, a coordinator publishes), in the
        # sections they are meant to edit and nowhere else: not the dashboard, not another section.
        # Feature apps declare theirs the same way in their wagtail_hooks.py.
        grant_pages(Role.REFERENTS, "add_page", "change_page", under="intranet.StandardIndexPage"),
        grant_collections(
            Role.COORDINATION,
            "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
            "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        ),
        grant_collections(
            Role.REFERENTS,
            "wagtailimages.add_image", "wagtailimages.choose_image",
            "wagtaildocs.add_document", "wagtaildocs.choose_document",
        ),
    ]


@hooks.register(PERSONAL_DATA)
def personal_data():
    return [PERSONAL_DATA_ENTRY]
