"""Admin screens of rooms for the coordination: rooms (with their equipment inline), equipment, and
a read-only list of bookings (bookings are made, changed and cancelled on the front end, through
the services and their rules, never in the admin).

The admin is a second front door: the choosers and bulk actions of every snippet are closed to who
holds no permission on its model (intranet.snippets), and wherever a booking's title shows it goes
through the same rule as the site's pages (permissions.can_see_private_details).

At the end, what the rooms bring to the intranet's extension points (intranet.hooks): the
navigation entry, quick links and dashboard panels, the roles' permissions, the demo data and the
benchmarks (intranet never imports this app)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.functional import cached_property
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intranet import snippets
from intranet.benchmarks import Benchmark
from intranet.dashboard import Panel, QuickLink, first_and_total
from intranet.demo import Seeder
from intranet.hooks import (
    BENCHMARKS,
    DASHBOARD_PANELS,
    DEMO_SEEDERS,
    NAVIGATION,
    PERSONAL_DATA,
    QUICK_LINKS,
    ROLE_PERMISSIONS,
)
from intranet.navigation import NavItem
from intranet.roles import Role, grant

from . import benchmarks, selectors, sources
from .demo import seed_rooms_and_bookings
from .events import EVENT_SOURCES, EventSource
from .models import Booking, Equipment, Room
from .permissions import can_see_private_details, private_details_visible_to
from .personal_data import PERSONAL_DATA_ENTRY


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Bookings can be listed and inspected by who may view them; nobody adds, edits or deletes
    them in the admin (superusers included): the front end's services hold the rules."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete", "publish", "lock", "unlock"})

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        readable = [action for action in actions if action not in self.WRITE_ACTIONS]
        if not readable:
            return get_user_model().objects.none()
        return super().users_with_any_permission(readable)


BOOKING_POLICY = ReadOnlyPermissionPolicy(Booking)
register_permission_policy(Booking, BOOKING_POLICY)


def approver_choices():
    """Approvers are taken among the coordination and the referents."""
    return (get_user_model().objects.filter(groups__name__in=[Role.COORDINATION.value, Role.REFERENTS.value],
                                            is_active=True)
            .distinct().order_by("last_name", "first_name"))


class RoomViewSet(SnippetViewSet):
    model = Room
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "home"
    menu_label = _("Rooms")
    list_display = ["name", "library", "capacity", "requires_approval", "active"]
    list_filter = ["library", "requires_approval", "accessible", "active"]
    search_fields = ["name", "description"]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        MultiFieldPanel([
            FieldPanel("name"), FieldPanel("slug"), FieldPanel("library"),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("accessible")]),
            FieldPanel("description"), FieldPanel("photo"), FieldPanel("colour"),
        ], heading=_("Room")),
        InlinePanel("equipment_items", heading=_("Equipment"), label=_("Equipment"),
                    panels=[FieldPanel("equipment"), FieldPanel("quantity")]),
        MultiFieldPanel([
            FieldPanel("allowed_groups", widget=forms.CheckboxSelectMultiple),
            FieldRowPanel([FieldPanel("bookable_from"), FieldPanel("bookable_until")]),
        ], heading=_("Who books, when")),
        MultiFieldPanel([
            FieldPanel("requires_approval"),
            FieldPanel("approvers", widget=forms.CheckboxSelectMultiple),
        ], heading=_("Approval")),
        FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Room.objects.select_related("library")

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)

        class RoomAdminForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "approvers" in self.fields:
                    self.fields["approvers"].queryset = approver_choices()

        return RoomAdminForm


class EquipmentViewSet(SnippetViewSet):
    model = Equipment
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "cog"
    menu_label = _("Equipment")
    list_display = ["name", "countable"]
    search_fields = ["name"]
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("countable")]


# --- bookings: for who may view them, titles through the rule ----------------------------------


class BookingTitleColumnMixin:
    """The title column of the chooser shows what the viewer may see, not str()."""

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = lambda booking: booking.title_for(self.request.user)
        return column

    def get_object_list(self):
        return Booking.objects.select_related("room", "organizer").order_by("-start")


class BookingChooseView(BookingTitleColumnMixin, snippets.GuardedChooseView):
    pass


class BookingChooseResultsView(BookingTitleColumnMixin, snippets.GuardedChooseResultsView):
    pass


class BookingChosenTitleMixin:
    def get_display_title(self, instance):
        return instance.title_for(self.request.user)


class BookingChosenView(BookingChosenTitleMixin, snippets.GuardedChosenView):
    pass


class BookingChosenMultipleView(BookingChosenTitleMixin, snippets.GuardedChosenMultipleView):
    pass


class BookingChooserViewSet(snippets.GuardedSnippetChooserViewSet):
    choose_view_class = BookingChooseView
    choose_results_view_class = BookingChooseResultsView
    chosen_view_class = BookingChosenView
    chosen_multiple_view_class = BookingChosenMultipleView


class BookingIndexView(snippet_views.IndexView):
    """The listing (and its search) for who may view bookings; a private booking's title as the
    rule lets the viewer see it, and a search by title never finds a private booking the viewer may
    not see the details of."""

    @cached_property
    def columns(self):
        # No bulk action is allowed on bookings (they are read-only here): offer no checkboxes.
        return [column for column in super().columns if not isinstance(column, BulkActionsCheckboxColumn)]

    def _get_title_column(self, field_name, *args, **kwargs):
        column = super()._get_title_column(field_name, *args, **kwargs)
        column.accessor = lambda booking: booking.title_for(self.request.user)
        return column

    def search_queryset(self, queryset):
        found = super().search_queryset(queryset)
        return found.filter(private_details_visible_to(self.request.user)) if self.is_searching else found


class BookingInspectView(snippet_views.InspectView):
    def get_page_subtitle(self):
        return self.object.title_for(self.request.user)

    def get_title_display_value(self):
        return self.object.title_for(self.request.user)

    def get_note_display_value(self):
        return self.object.note_for(self.request.user) or "-"

    def get_series_display_value(self):
        if self.object.series_id is None:
            return "-"
        # A series is named by its title: hidden with the booking's.
        return str(self.object.series) if can_see_private_details(self.request.user, self.object) \
            else gettext_now("Reserved")


class BookingViewSet(SnippetViewSet):
    model = Booking
    icon = "date"
    menu_label = _("Bookings")
    list_display = ["title", "room", "start", "status", "organizer"]
    list_filter = ["status", "room"]
    search_fields = ["title"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = ["title", "room", "organizer", "start", "end", "status", "attendees", "note",
                           "is_private", "series", "is_exception", "decision_reason", "created_at", "updated_at"]
    copy_view_enabled = False
    index_view_class = BookingIndexView
    inspect_view_class = BookingInspectView
    chooser_viewset_class = BookingChooserViewSet

    def get_queryset(self, request):
        return Booking.objects.select_related("room__library", "organizer").order_by("-start")


class RoomsViewSetGroup(SnippetViewSetGroup):
    items = (RoomViewSet, EquipmentViewSet, BookingViewSet)
    menu_icon = "date"
    menu_label = _("Rooms")
    menu_name = "rooms"


register_snippet(RoomsViewSetGroup)


# --- The rooms in the intranet's extension points (intranet.hooks) --------------------------------

@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("rooms", _("Rooms & calendar"), "calendar_sync:rooms", order=50)]


@hooks.register(QUICK_LINKS)
def quick_links():
    return [
        QuickLink(_("Book a room"), "calendar_sync:rooms", order=10),
        QuickLink(_("My bookings"), "calendar_sync:my_bookings", order=11),
    ]


def approvals_waiting(request) -> dict | None:
    bookings, total = first_and_total(selectors.pending_for_approver(request.user), 5)
    return {"bookings": bookings, "total": total} if bookings else None


@hooks.register(DASHBOARD_PANELS)
def dashboard_panels():
    return [
        Panel("approvals", _("Booking requests to approve"), "calendar_sync/panels/approvals.html",
              approvals_waiting, order=10, roles=(Role.COORDINATION, Role.REFERENTS)),
    ]


@hooks.register(ROLE_PERMISSIONS)
def role_permissions():
    return [grant(
        Role.COORDINATION,
        "calendar_sync.add_room", "calendar_sync.change_room", "calendar_sync.delete_room",
        "calendar_sync.add_equipment", "calendar_sync.change_equipment", "calendar_sync.delete_equipment",
        "calendar_sync.view_booking",
    )]


@hooks.register(DEMO_SEEDERS)
def demo_seeders():
    return [Seeder("rooms", seed_rooms_and_bookings, order=50)]


@hooks.register(BENCHMARKS)
def room_benchmarks():
    return [
        Benchmark("room_week", benchmarks.room_week, order=500),
        Benchmark("room_finder", benchmarks.room_finder, order=510),
        Benchmark("my_bookings", benchmarks.my_bookings, order=520),
        Benchmark("booking_create_100k", benchmarks.booking_create_100k, order=590),
    ]


# --- The network agenda: calendar_sync's own event sources (calendar_sync.sources) ------------------


@hooks.register(EVENT_SOURCES)
def agenda_event_sources():
    return [
        EventSource(sources.NETWORK_EVENTS, _("Network calendars"), visible=sources.visible_network_events,
                    personal=sources.no_personal_events, order=10),
        EventSource(sources.ROOM_BOOKINGS, _("Room bookings"), visible=sources.visible_bookings,
                    personal=sources.personal_bookings, order=30, optional=True),
    ]


@hooks.register(PERSONAL_DATA)
def personal_data():
    """« Mes données », leaving the network and the anonymisation after it (calendar_sync.personal_data)."""
    return [PERSONAL_DATA_ENTRY]


# Each family of the agenda keeps its admin screens and extension points in its own module.
from . import hooks_agenda, hooks_feeds, hooks_imports, hooks_sync  # noqa: E402, F401
