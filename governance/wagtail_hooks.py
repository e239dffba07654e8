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


# --- minutes: approved minutes in the site's search, minutes waiting for approval on the dashboard ---
# (imports kept in this block so that each area's block merges on its own)

from django.urls import reverse  # noqa: E402
from django.utils.html import strip_tags  # noqa: E402
from django.utils.text import Truncator  # noqa: E402

from intranet.dashboard import Panel  # noqa: E402
from intranet.hooks import DASHBOARD_PANELS, SEARCH_SOURCES  # noqa: E402
from intranet.search import SearchHit, SearchSource  # noqa: E402

from .selectors.minutes import minutes_waiting_for_approval, search_approved_minutes  # noqa: E402


def approved_minutes_hits(user, text: str, *, limit: int) -> list[SearchHit]:
    return [SearchHit(
        title=minutes.meeting.title,
        url=reverse("governance:minutes", args=[minutes.meeting_id]),
        kind=_("Minutes of %(body)s") % {"body": minutes.meeting.body.label},
        summary=Truncator(strip_tags(minutes.summary)).words(40),
        when=minutes.meeting.start,
    ) for minutes in search_approved_minutes(user, text, limit=limit)]


@hooks.register(SEARCH_SOURCES)
def minutes_search_sources():
    return [SearchSource("minutes", _("Approved minutes"), approved_minutes_hits, order=40)]


def minutes_to_approve(request) -> dict | None:
    waiting = minutes_waiting_for_approval(request.user)
    shown = list(waiting[:5])
    if not shown:
        return None
    return {"minutes": shown, "total": waiting.count() if len(shown) == 5 else len(shown)}


@hooks.register(DASHBOARD_PANELS)
def minutes_dashboard_panels():
    return [Panel("minutes_to_approve", _("Minutes waiting for my approval"),
                  "governance/panels/minutes_to_approve.html", minutes_to_approve, order=15)]
