"""Admin screens and extension points of the agenda family (imported by wagtail_hooks.py): the network
calendars as snippets for the coordination (their events listed read-only: they are written by the
site and the importers through the services), the « Cette semaine » dashboard panel, the roles'
permissions, the demo data and the benchmarks."""

import datetime as dt

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intranet import snippets
from intranet.benchmarks import Benchmark
from intranet.caching import bump, versioned_key
from intranet.dashboard import Panel
from intranet.demo import DEMO_ACCOUNTS, Seeder
from intranet.hooks import BENCHMARKS, DASHBOARD_PANELS, DEMO_SEEDERS, ROLE_PERMISSIONS
from intranet.models import Person
from intranet.roles import Role, grant
from intranet.selectors import person_for_user

from . import sources
from .agenda import selectors as agenda_selectors
from .agenda.demo import seed_agenda
from .events import personal_events
from .expansion import expand
from .models import AgendaEvent, Booking, NetworkCalendar
from .wagtail_hooks import ReadOnlyPermissionPolicy

# --- admin: network calendars (edited), their events (read-only) --------------------------------------

register_permission_policy(AgendaEvent, ReadOnlyPermissionPolicy(AgendaEvent))


class NetworkCalendarViewSet(SnippetViewSet):
    model = NetworkCalendar
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "calendar"
    menu_label = _("Network calendars")
    list_display = ["name", "audience", "library", "active"]
    list_filter = ["audience", "active"]
    search_fields = ["name", "description"]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("colour"), FieldPanel("description")],
                        heading=_("Calendar")),
        MultiFieldPanel([FieldPanel("audience", widget=forms.RadioSelect),
                         FieldPanel("reader_groups", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Who may read it")),
        FieldPanel("library"),  # Library is a snippet: a chooser, never a select of every library
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return NetworkCalendar.objects.select_related("library")


class AgendaEventViewSet(SnippetViewSet):
    model = AgendaEvent
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "date"
    menu_label = _("Agenda events")
    list_display = ["title", "calendar", "start", "status", "source"]
    list_filter = ["calendar", "status", "source"]
    search_fields = ["title"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = ["title", "calendar", "start", "end", "all_day", "location", "library", "rrule",
                           "recurrence_id", "status", "cancelled_at", "sequence", "source", "uid", "created_at",
                           "updated_at"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return AgendaEvent.objects.select_related("calendar").order_by("-start")


class AgendaViewSetGroup(SnippetViewSetGroup):
    items = (NetworkCalendarViewSet, AgendaEventViewSet)
    menu_icon = "calendar"
    menu_label = _("Network agenda")
    menu_name = "network-agenda"


register_snippet(AgendaViewSetGroup)


@hooks.register(ROLE_PERMISSIONS)
def agenda_role_permissions():
    return [grant(Role.COORDINATION, "calendar_sync.add_networkcalendar", "calendar_sync.change_networkcalendar",
                  "calendar_sync.delete_networkcalendar", "calendar_sync.view_agendaevent")]


# --- dashboard: « Cette semaine » ------------------------------------------------------------------

# Per person and week, for a short time; bumped whenever a booking or an agenda event changes (other
# sources, such as meetings and training sessions, show within WEEK_PANEL_SECONDS). Two cache reads
# (the version, the value): two queries with the production database cache, none with Redis.
WEEK_PANEL_CACHE = "calendar_sync.week_panel"
WEEK_PANEL_SECONDS = 5 * 60
WEEK_PANEL_SHOWN = 20


def _forget_week_panels(sender, **kwargs):
    bump(WEEK_PANEL_CACHE)


post_save.connect(_forget_week_panels, sender=Booking, dispatch_uid="agenda_week_panel_booking")
post_delete.connect(_forget_week_panels, sender=Booking, dispatch_uid="agenda_week_panel_booking_deleted")
post_save.connect(_forget_week_panels, sender=AgendaEvent, dispatch_uid="agenda_week_panel_event")
post_delete.connect(_forget_week_panels, sender=AgendaEvent, dispatch_uid="agenda_week_panel_event_deleted")


def week_of(person, user, monday: dt.date) -> list[tuple[dt.date, list]]:
    """The days of the week (Monday–Sunday) that hold something for the person: their bookings,
    meetings and training sessions (every source's personal events) and the network events they may
    read; each day's occurrences by start."""
    sunday = monday + dt.timedelta(days=6)
    start, end = agenda_selectors.day_bounds(monday, sunday)
    events = agenda_selectors.unique(personal_events(person, start, end)
                                     + sources.visible_network_events(user, start, end))
    shown = [event for event in expand(events, start, end) if not event.cancelled][:WEEK_PANEL_SHOWN]
    days = agenda_selectors.by_day(shown, monday, sunday)
    return [(day, days[day]) for day in sorted(days)]


def this_week_panel(request) -> dict | None:
    person = person_for_user(request.user)
    if person is None:
        return None
    # The sources read the person's account (privacy of bookings): it is the request's, already loaded.
    Person.user.field.set_cached_value(person, request.user)
    monday = agenda_selectors.week_start(timezone.localdate())
    key = versioned_key(WEEK_PANEL_CACHE, person.pk, monday.isoformat())
    days = cache.get(key)
    if days is None:
        days = week_of(person, request.user, monday)
        cache.set(key, days, WEEK_PANEL_SECONDS)
    if not days:
        return None  # « Mes réservations » stays one click away in the quick links
    return {"days": days, "my_bookings_url": reverse("calendar_sync:my_bookings"),
            "week_url": f"{reverse('agenda:week')}?date={monday.isoformat()}",
            "source_labels": {source.key: source.label for source in agenda_selectors.agenda_sources()}}


@hooks.register(DASHBOARD_PANELS)
def agenda_dashboard_panels():
    return [Panel("this_week", _("This week"), "calendar_sync/agenda/panel_this_week.html", this_week_panel,
                  order=12)]


# --- demo data and benchmarks -----------------------------------------------------------------------


@hooks.register(DEMO_SEEDERS)
def agenda_demo_seeders():
    return [Seeder("agenda", seed_agenda, order=70)]


def _month_view() -> str:
    return reverse("agenda:month")


@hooks.register(BENCHMARKS)
def agenda_benchmarks():
    return [
        Benchmark("agenda_month_coordination", _month_view, order=600, user=DEMO_ACCOUNTS[Role.COORDINATION]),
        Benchmark("agenda_month_staff", _month_view, order=601, user=DEMO_ACCOUNTS[Role.STAFF]),
    ]
