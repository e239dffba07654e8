"""Hook functions of the content family (see wagtail_hooks.py): the Topic snippet, the navigation
entry, the audience rule in the site's search and listings, the dashboard panels, the review
reminders, the demo data, the benchmarks and the roles' permissions."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.signals import page_published, page_unpublished
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from intranet import snippets
from intranet.benchmarks import Benchmark
from intranet.caching import bump
from intranet.dashboard import Panel, QuickLink, first_and_total
from intranet.demo import Seeder
from intranet.hooks import (
    BENCHMARKS,
    DASHBOARD_PANELS,
    DEMO_SEEDERS,
    HIDDEN_PAGES,
    NAVIGATION,
    QUICK_LINKS,
    REMINDER_PROVIDERS,
    ROLE_PERMISSIONS,
)
from intranet.navigation import NavItem
from intranet.page_permissions import HiddenPages
from intranet.roles import Role, grant, grant_pages

from . import review_reminders
from .models import Audience, Topic, TutorialPage, audiences_for
from .selectors import content as selectors


class TopicViewSet(SnippetViewSet):
    model = Topic
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "tag"
    menu_label = _("Tutorial topics")
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]


register_snippet(TopicViewSet)


def _forget_topics(**kwargs):
    bump("tutorial_topics")
    bump("tutorial_cards")  # the index's cards name their topic


def _forget_tags(**kwargs):
    bump("tutorial_tags")


post_save.connect(_forget_topics, sender=Topic, dispatch_uid="tutorials_forget_topics_saved")
post_delete.connect(_forget_topics, sender=Topic, dispatch_uid="tutorials_forget_topics_deleted")
page_published.connect(_forget_tags, sender=TutorialPage, dispatch_uid="tutorials_forget_tags_published")
page_unpublished.connect(_forget_tags, sender=TutorialPage, dispatch_uid="tutorials_forget_tags_unpublished")


@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("tutorials", _("Tutorials"), "tutorials:tutorials_section", order=10)]


def hidden_tutorials(user):
    """The tutorials not meant for this user's audience, as a subquery (at 10x, hundreds of pages:
    listing their paths would grow every search); None for who reads every audience."""
    audiences = audiences_for(user)
    if len(audiences) == len(Audience.values):
        return None
    return TutorialPage.objects.exclude(audience__in=sorted(audiences)).values("pk")


@hooks.register(HIDDEN_PAGES)
def hidden_pages():
    return [HiddenPages("tutorials_audience", pages=hidden_tutorials)]


# --- dashboard ------------------------------------------------------------------------------------

PANEL_SHOWN = 5


def recent_tutorials_panel(request) -> dict | None:
    pages = selectors.recently_updated(request.user, limit=PANEL_SHOWN)
    return {"pages": pages} if pages else None


def my_due_pages_panel(request) -> dict | None:
    pages, total = first_and_total(selectors.owned_due_pages(request.user, timezone.localdate()), PANEL_SHOWN)
    return {"pages": pages, "total": total} if pages else None


@hooks.register(DASHBOARD_PANELS)
def dashboard_panels():
    return [
        Panel("tutorials_recent", _("Recently updated tutorials"), "tutorials/panels/recent_tutorials.html",
              recent_tutorials_panel, order=20),
        Panel("tutorials_my_due", _("My pages to review"), "tutorials/panels/my_due_pages.html",
              my_due_pages_panel, order=25),
    ]


@hooks.register(QUICK_LINKS)
def quick_links():
    return [QuickLink(_("Contents to review"), "tutorials:review_report", order=60, roles=(Role.COORDINATION,))]


@hooks.register(REMINDER_PROVIDERS)
def reminder_providers():
    return [review_reminders.PROVIDER]


# --- demo data, benchmarks, permissions ------------------------------------------------------------


def _seed(*, scale: int) -> dict:
    from .demo_content import seed_content

    return seed_content(scale=scale)


@hooks.register(DEMO_SEEDERS)
def demo_seeders():
    return [Seeder("tutorials_content", _seed, order=70)]


def _index_url() -> str:
    from .models import TutorialIndexPage

    return TutorialIndexPage.objects.get().get_url()


def _navette_url() -> str:
    from .demo_content import NAVETTE_SLUG

    return TutorialPage.objects.get(slug=NAVETTE_SLUG).get_url()


def _search_navette_url() -> str:
    from django.urls import reverse

    return f"{reverse('search')}?q=navette"


@hooks.register(BENCHMARKS)
def benchmarks():
    return [
        Benchmark("tutorials_index", _index_url, order=300),
        Benchmark("tutorial_page", _navette_url, order=310),
        Benchmark("tutorials_search_navette", _search_navette_url, order=320),
    ]


@hooks.register(ROLE_PERMISSIONS)
def role_permissions():
    return [
        grant(Role.COORDINATION, "tutorials.add_topic", "tutorials.change_topic", "tutorials.delete_topic",
              "tutorials.view_topic"),
        # Referents choose a topic when they write a page (the guarded chooser asks for a permission).
        grant(Role.REFERENTS, "tutorials.view_topic"),
        # Referents add and edit tutorials; the section's workflow sends their changes to Coordination.
        grant_pages(Role.REFERENTS, "add_page", "change_page", under="tutorials.TutorialIndexPage"),
    ]
