"""Admin screens of governance for Coordination (bodies are pages of the « Instances » section; their
memberships are records edited here), and what governance brings to the intranet's extension
points (intranet.hooks): the navigation entry, the pages it hides from who may not read them, the
roles' permissions. Secretaries and chairs run their meetings from the site's own pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from intranet import snippets
from intranet.hooks import HIDDEN_PAGES, NAVIGATION, ROLE_PERMISSIONS
from intranet.navigation import NavItem
from intranet.page_permissions import HiddenPages
from intranet.roles import Role, grant, grant_pages

from .models import Membership
from .permissions import hidden_body_paths


class MembershipViewSet(SnippetViewSet):
    model = Membership
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "group"
    menu_label = _("Memberships")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["person", "body", "role", "since", "until"]
    list_filter = ["body", "role"]
    search_fields = ["person__first_name", "person__last_name"]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        FieldPanel("body"), FieldPanel("person"), FieldPanel("role"),
        FieldRowPanel([FieldPanel("since"), FieldPanel("until")]),
    ]

    def get_queryset(self, request):
        return Membership.objects.select_related("person", "body").order_by("body__path", "role", "person__last_name")


register_snippet(MembershipViewSet)


@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("governance", _("Bodies"), "governance:index", order=40)]


@hooks.register(HIDDEN_PAGES)
def hidden_pages():
    return [HiddenPages("governance_bodies", hidden_body_paths)]


@hooks.register(ROLE_PERMISSIONS)
def role_permissions():
    return [
        grant(Role.COORDINATION, "governance.add_membership", "governance.change_membership",
              "governance.delete_membership", "governance.view_membership"),
        grant_pages(Role.COORDINATION, "add_page", "change_page", "publish_page",
                    under="governance.GovernanceIndexPage"),
    ]


# --- decisions/actions: reminders of action items, the register in the site's search, the panel of
# the viewer's open actions ------------------------------------------------------------------------

from intranet.dashboard import Panel  # noqa: E402
from intranet.hooks import DASHBOARD_PANELS, REMINDER_PROVIDERS, SEARCH_SOURCES  # noqa: E402
from intranet.search import SearchSource  # noqa: E402

from . import action_reminders  # noqa: E402
from .selectors.decisions import search_decisions  # noqa: E402
from .views.actions import my_open_actions_panel  # noqa: E402


@hooks.register(REMINDER_PROVIDERS)
def action_reminder_providers():
    return [action_reminders.PROVIDER]


@hooks.register(SEARCH_SOURCES)
def decision_search_sources():
    return [SearchSource("governance_decisions", _("Decisions"), search_decisions, order=60)]


@hooks.register(DASHBOARD_PANELS)
def action_dashboard_panels():
    return [Panel("governance_my_actions", _("My open actions"), "governance/panels/my_actions.html",
                  my_open_actions_panel, order=35)]
