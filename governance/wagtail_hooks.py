"""Admin screens of governance for Coordination (bodies are pages of the « Instances » section; their
memberships are records edited here), and what governance brings to the intranet's extension
points (intranet.hooks): the navigation entry, the pages it hides from who may not read them, the
roles' permissions. Secretaries and chairs run their meetings from the site's own pages."""

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from calendar_sync.events import EVENT_SOURCES, CalendarEvent, EventSource
from calendar_sync.feeds.scopes import FEED_SCOPES, FeedScope
from intranet import snippets
from intranet.benchmarks import Benchmark
from intranet.dashboard import Panel, first_and_total
from intranet.demo import Seeder
from intranet.hooks import (
    BENCHMARKS,
    DASHBOARD_PANELS,
    DEMO_SEEDERS,
    HIDDEN_PAGES,
    NAVIGATION,
    PERSON_SECTIONS,
    PERSONAL_DATA,
    REMINDER_PROVIDERS,
    ROLE_PERMISSIONS,
    SEARCH_SOURCES,
)
from intranet.navigation import NavItem
from intranet.page_permissions import HiddenPages
from intranet.people import PersonSection
from intranet.roles import Role, grant
from intranet.search import SearchHit, SearchSource

from . import action_reminders, benchmarks
from .demo import seed_governance
from .models import Membership
from .permissions import hidden_body_paths
from .personal_data import PERSONAL_DATA_ENTRY
from .selectors import meetings as meeting_selectors
from .selectors.decisions import search_decisions
from .selectors.meetings import BODY_FEED_SCOPE
from .selectors.minutes import minutes_waiting_for_approval, search_approved_minutes
from .selectors.people import person_bodies
from .selectors.proposals import pending_for_reviewer, reviewed_body_ids
from .views.actions import my_open_actions_panel


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
    ]


# --- meetings: the site's search and the calendars' event source ------------------------------


def _search_meetings(user, text: str, *, limit: int) -> list[SearchHit]:
    return [SearchHit(title=meeting.title, url=meeting.get_absolute_url(), kind=_("Meeting"),
                      summary=meeting.body.label, when=meeting.start)
            for meeting in meeting_selectors.search_meetings(user, text, limit=limit)]


def _meeting_event(meeting) -> CalendarEvent:
    return CalendarEvent(
        uid=meeting.ical_uid, title=f"{meeting.body.label} — {meeting.title}", start=meeting.start, end=meeting.end,
        url=settings.WAGTAILADMIN_BASE_URL.rstrip("/") + meeting.get_absolute_url(),
        location=meeting_selectors.location_of(meeting), sequence=meeting.sequence, cancelled=meeting.is_cancelled,
        source="governance_meetings", categories=(str(meeting.body.get_kind_display()),),
        last_modified=meeting.updated_at, created=meeting.created_at)


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


# --- a body's meetings as a calendar feed (/agenda/flux/<key>/instance/<slug>.ics) ---------------------


def _feed_body(slug, user):
    from .models import BodyPage
    from .permissions import can_see_body

    body = BodyPage.objects.live().filter(slug=slug).first()
    return body if body is not None and can_see_body(user, body) else None


def _body_feed_events(user, body, window):
    return [_meeting_event(meeting) for meeting in meeting_selectors.body_feed_meetings(body, window)]


def _body_feed_fingerprint(user, body, window):
    return (*meeting_selectors.body_feed_fingerprint(body, window), body.title)


@hooks.register(FEED_SCOPES)
def body_feed_scopes():
    return [FeedScope(BODY_FEED_SCOPE, _("Meetings of a body"), resolve=_feed_body, events=_body_feed_events,
                      fingerprint=_body_feed_fingerprint, name=lambda body: str(body.title), order=40)]


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


PANEL_PROPOSALS_SHOWN = 5


def proposals_to_review(request) -> dict | None:
    """Pending proposals of the bodies whose meetings the reader runs (every body for
    Coordination): one query, none for whoever runs no body."""
    if reviewed_body_ids(request.user) == []:
        return None
    proposals, total = first_and_total(pending_for_reviewer(request.user), PANEL_PROPOSALS_SHOWN)
    return {"proposals": proposals, "total": total} if proposals else None


@hooks.register(DASHBOARD_PANELS)
def proposals_panels():
    return [Panel("proposals", _("Proposals waiting for my review"), "governance/panels/proposals_to_review.html",
                  proposals_to_review, order=15)]


# --- minutes: approved minutes in the site's search, minutes waiting for approval on the dashboard ---


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
    shown, total = first_and_total(minutes_waiting_for_approval(request.user), 5)
    return {"minutes": shown, "total": total} if shown else None


@hooks.register(DASHBOARD_PANELS)
def minutes_dashboard_panels():
    return [Panel("minutes_to_approve", _("Minutes waiting for my approval"),
                  "governance/panels/minutes_to_approve.html", minutes_to_approve, order=15)]


# --- integration: demo data, the person page's section, benchmarks ------------------------------------


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


# --- decisions/actions: reminders of action items, the register in the site's search, the panel of
# the viewer's open actions ------------------------------------------------------------------------


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


def _my_actions_url() -> str:
    return reverse("governance:my_actions")


@hooks.register(BENCHMARKS)
def decision_benchmarks():
    # « Mes actions » as the demo staff (the register is measured above, as decision_register).
    return [Benchmark("governance_my_actions", _my_actions_url, order=630)]


# --- « Mes données », leaving the network and the anonymisation after it ---------------------------


@hooks.register(PERSONAL_DATA)
def personal_data():
    return [PERSONAL_DATA_ENTRY]
