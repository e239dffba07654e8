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

from .forms import AccountCreationForm, AccountEditForm
from .models import Library, Person
from .page_permissions import hidden_from, sees_every_page, visible_in_admin
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
