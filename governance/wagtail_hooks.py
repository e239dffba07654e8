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
from intranet.dashboard import Panel
from intranet.hooks import DASHBOARD_PANELS, HIDDEN_PAGES, NAVIGATION, ROLE_PERMISSIONS
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


# --- meetings: the site's search and the calendars' event source ------------------------------

from django.conf import settings  # noqa: E402

from calendar_sync.events import EVENT_SOURCES, CalendarEvent, EventSource  # noqa: E402
from intranet.hooks import SEARCH_SOURCES  # noqa: E402
from intranet.search import SearchHit, SearchSource  # noqa: E402

from .selectors import meetings as meeting_selectors  # noqa: E402


def _search_meetings(user, text: str, *, limit: int) -> list[SearchHit]:
    return [SearchHit(title=meeting.title, url=meeting.get_absolute_url(), kind=_("Meeting"),
                      summary=meeting.body.label, when=meeting.start)
            for meeting in meeting_selectors.search_meetings(user, text, limit=limit)]


def _meeting_event(meeting) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting.ical_uid, title=f"{meeting.body.label} — {meeting.title}", start=meeting.start, end=meeting.end,
        url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + meeting.get_absolute_url(),
        location=meeting_selectors.location_of(meeting), sequence=meeting.sequence, cancelled=meeting.is_cancelled,
        source="governance_meetings", categories=(str(meeting.body.get_kind_display()),))


def _visible_meeting_events(user, start, end) -> list[CalendarEvent]:
    return [_meeting_event(meeting) for meeting in meeting_selectors.visible_meetings_between(user, start, end)]


def _personal_meeting_events(person, start, end) -> list[CalendarEvent]:
    return [_meeting_event(meeting) for meeting in meeting_selectors.personal_meetings_between(person, start, end)]


@hooks.register(SEARCH_SOURCES)
def meetings_search_sources():
    return [SearchSource("governance_meetings", _("Meetings"), _search_meetings, order=20)]


@hooks.register(EVENT_SOURCES)
def meetings_event_sources():
    return [EventSource("governance_meetings", _("Meetings of the bodies"), visible=_visible_meeting_events,
                        personal=_personal_meeting_events, order=20)]


# --- convocations: « My next meetings » on the dashboard ----------------------------------------------


def my_next_meetings_panel(request) -> dict | None:
    from .selectors.convocations import my_next_meetings

    meetings = my_next_meetings(request.user)
    return {"meetings": meetings} if meetings else None


@hooks.register(DASHBOARD_PANELS)
def convocations_dashboard_panels():
    return [Panel("next_meetings", _("My next meetings"), "governance/panels/next_meetings.html",
                  my_next_meetings_panel, order=15)]



# --- Agenda proposals: the dashboard panel of the proposals waiting for the reader's review -------
# (imports kept in this block so that each area of governance appends its own)

from intranet.hooks import DASHBOARD_PANELS  # noqa: E402

from .selectors.proposals import pending_for_reviewer, reviewed_body_ids  # noqa: E402

PANEL_PROPOSALS_SHOWN = 5


def proposals_to_review(request) -> dict | None:
    """Pending proposals of the bodies whose meetings the reader runs (every body for
    Coordination): two queries at most, none for whoever runs no body."""
    if reviewed_body_ids(request.user) == []:
        return None
    pending = pending_for_reviewer(request.user)
    proposals = list(pending[:PANEL_PROPOSALS_SHOWN])
    if not proposals:
        return None
    total = pending.count() if len(proposals) == PANEL_PROPOSALS_SHOWN else len(proposals)
    return {"proposals": proposals, "total": total}


@hooks.register(DASHBOARD_PANELS)
def proposals_panels():
    return [Panel("proposals", _("Proposals waiting for my review"), "governance/panels/proposals_to_review.html",
                  proposals_to_review, order=15)]


# --- minutes: approved minutes in the site's search, minutes waiting for approval on the dashboard ---
# (imports kept in this block so that each area's block merges on its own)

from django.urls import reverse  # noqa: E402
from django.utils.html import strip_tags  # noqa: E402
from django.utils.text import Truncator  # noqa: E402

from intranet.hooks import DASHBOARD_PANELS, SEARCH_SOURCES  # noqa: E402
from intranet.search import SearchHit  # noqa: E402

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


# --- decisions/actions: reminders of action items, the register in the site's search, the panel of
# the viewer's open actions ------------------------------------------------------------------------

from intranet.benchmarks import Benchmark  # noqa: E402
from intranet.hooks import BENCHMARKS, REMINDER_PROVIDERS  # noqa: E402

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


def _register_url() -> str:
    return reverse("governance:register")


def _my_actions_url() -> str:
    return reverse("governance:my_actions")


@hooks.register(BENCHMARKS)
def decision_benchmarks():
    # The register as a referent (COTECH and their bodies) reads it; « Mes actions » as the demo staff.
    return [Benchmark("governance_register", _register_url, order=620, user="referent@demo.test"),
            Benchmark("governance_my_actions", _my_actions_url, order=630)]
