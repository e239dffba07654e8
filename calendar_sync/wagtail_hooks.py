"""Admin screens of rooms for the coordination: rooms (with their equipment inline), equipment, and
a read-only list of bookings (bookings are made, changed and cancelled on the front end, through
the services and their rules, never in the admin)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intranet.roles import Role

from .models import Booking, Equipment, Room


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


register_permission_policy(Booking, ReadOnlyPermissionPolicy(Booking))


def approver_choices():
    """Approvers are taken among the coordination and the referents."""
    return (get_user_model().objects.filter(groups__name__in=[Role.COORDINATION.value, Role.REFERENTS.value],
                                            is_active=True)
            .distinct().order_by("last_name", "first_name"))


class RoomViewSet(SnippetViewSet):
    model = Room
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
    icon = "cog"
    menu_label = _("Equipment")
    list_display = ["name", "countable"]
    search_fields = ["name"]
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("countable")]


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

    def get_queryset(self, request):
        return Booking.objects.select_related("room__library", "organizer").order_by("-start")


class RoomsViewSetGroup(SnippetViewSetGroup):
    items = (RoomViewSet, EquipmentViewSet, BookingViewSet)
    menu_icon = "date"
    menu_label = _("Rooms")
    menu_name = "rooms"


register_snippet(RoomsViewSetGroup)
