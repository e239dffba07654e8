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


# --- integration: demo data, the person page's section, benchmarks ------------------------------------

from intranet.benchmarks import Benchmark  # noqa: E402
from intranet.demo import Seeder  # noqa: E402
from intranet.hooks import BENCHMARKS, DEMO_SEEDERS, PERSON_SECTIONS  # noqa: E402
from intranet.people import PersonSection  # noqa: E402

from . import benchmarks  # noqa: E402
from .demo import seed_governance  # noqa: E402
from .selectors.people import person_bodies  # noqa: E402


@hooks.register(DEMO_SEEDERS)
def demo_seeders():
    # After the core's people (order 0) and the rooms (50).
    return [Seeder("governance", seed_governance, order=60)]


@hooks.register(PERSON_SECTIONS)
def person_sections():
    return [PersonSection("governance_bodies", _("Bodies"), "governance/includes/person_bodies.html",
                          person_bodies, order=50)]


@hooks.register(BENCHMARKS)
def governance_benchmarks():
    return [
        Benchmark("body_page", benchmarks.body_page, order=600),
        Benchmark("meeting_page", benchmarks.meeting_page, order=610),
        Benchmark("decision_register", benchmarks.decision_register, order=620),
    ]
