"""Admin screens and extension points of the agenda's sync family (imported by wagtail_hooks.py):
the subscriptions to remote .ics files, the CalDAV servers and the CalDAV calendars (pushed or
pulled), for the coordination only (their model permissions, granted below). Every address typed
here goes through the same guard as the fetches (calendar_sync.sync.net); a CalDAV password is
taken once, stored encrypted and never shown again."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intranet import snippets
from intranet.hooks import ROLE_PERMISSIONS
from intranet.roles import Role, grant

from .models import CalDAVDirection, CalDAVLink, CalDAVServer, CalendarSubscription
from .sync.credentials import encrypt_password
from .sync.net import FetchError, check_url


def _checked_url(form, name: str) -> str:
    try:
        return check_url(form.cleaned_data[name])
    except FetchError as exc:
        raise forms.ValidationError(exc.message) from exc


class SubscriptionForm(WagtailAdminModelForm):
    def clean_url(self):
        return _checked_url(self, "url")


class CalDAVServerForm(WagtailAdminModelForm):
    password = forms.CharField(
        label=_("Application password"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted, never shown again. Leave empty to keep the stored one, or use an "
                    "environment variable instead."))

    def clean_url(self):
        return _checked_url(self, "url")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password_env"):
            self.add_error("password", _("Give either a password or an environment variable, not both."))
        return cleaned

    def save(self, commit=True):
        server = super().save(commit=False)
        if self.cleaned_data.get("password"):
            server.password_encrypted = encrypt_password(self.cleaned_data["password"])
        elif server.password_env:
            server.password_encrypted = ""  # the environment now holds it: no stale copy kept
        if commit:
            server.save()
        return server


class CalDAVLinkForm(WagtailAdminModelForm):
    def clean_calendar_url(self):
        return _checked_url(self, "calendar_url")

    def clean(self):
        cleaned = super().clean()
        room, calendar, direction = cleaned.get("room"), cleaned.get("calendar"), cleaned.get("direction")
        if bool(room) == bool(calendar):
            self.add_error("room", _("Choose a room or a network calendar (one of them)."))
        elif room and direction == CalDAVDirection.PULL:
            self.add_error("direction", _("A room's bookings can only be published: bring a server calendar into "
                                          "a network calendar instead."))
        return cleaned


class SubscriptionViewSet(SnippetViewSet):
    model = CalendarSubscription
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "link"
    menu_label = _("Subscriptions")
    list_display = ["calendar", "url", "active", "last_synced_at", "failures", "last_error"]
    list_filter = ["active"]
    search_fields = ["url"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList([FieldPanel("calendar"), FieldPanel("url"), FieldPanel("active")],
                              base_form_class=SubscriptionForm)

    def get_queryset(self, request):
        return CalendarSubscription.objects.select_related("calendar").order_by("calendar__name")


class CalDAVServerViewSet(SnippetViewSet):
    model = CalDAVServer
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "site"
    menu_label = _("CalDAV servers")
    list_display = ["name", "url", "username", "active"]
    search_fields = ["name", "url"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList([
        FieldPanel("name"), FieldPanel("url"), FieldPanel("username"),
        MultiFieldPanel([FieldPanel("password"), FieldPanel("password_env")], heading=_("Password")),
        FieldPanel("active"),
    ], base_form_class=CalDAVServerForm)


class CalDAVLinkViewSet(SnippetViewSet):
    model = CalDAVLink
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "repeat"
    menu_label = _("CalDAV calendars")
    list_display = ["calendar_url", "server", "direction", "room", "calendar", "active", "last_synced_at",
                    "failures", "last_error"]
    list_filter = ["direction", "active", "server"]
    search_fields = ["calendar_url"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList([
        FieldPanel("server"), FieldPanel("calendar_url"), FieldPanel("direction"),
        FieldRowPanel([FieldPanel("room"), FieldPanel("calendar")]),
        FieldPanel("active"),
    ], base_form_class=CalDAVLinkForm)

    def get_queryset(self, request):
        return CalDAVLink.objects.select_related("server", "room__library", "calendar").order_by("pk")


class SyncViewSetGroup(SnippetViewSetGroup):
    items = (SubscriptionViewSet, CalDAVServerViewSet, CalDAVLinkViewSet)
    menu_icon = "repeat"
    menu_label = _("Calendar sync")
    menu_name = "calendar_sync"


register_snippet(SyncViewSetGroup)


@hooks.register(ROLE_PERMISSIONS)
def sync_role_permissions():
    models = ("calendarsubscription", "caldavserver", "caldavlink")
    return [grant(Role.COORDINATION, *(f"calendar_sync.{action}_{model}" for model in models
                                       for action in ("add", "change", "delete", "view")))]
