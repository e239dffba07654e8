from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import AccountCreationForm, AccountEditForm
from .models import Library, Person


class LibraryViewSet(SnippetViewSet):
    model = Library
    icon = "home"
    menu_label = _("Libraries")
    list_display = ["name", "commune", "phone", "is_head_office"]
    search_fields = ["name", "commune"]
    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("commune"), FieldPanel("address"),
        FieldPanel("phone"), FieldPanel("email"), FieldPanel("opening_hours"), FieldPanel("is_head_office"),
    ]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    list_display = ["full_name", "library", "kind", "job_title", "active"]
    list_filter = ["kind", "library", "active"]
    search_fields = ["first_name", "last_name", "job_title"]
    list_per_page = 50
    panels = [
        MultiFieldPanel([FieldPanel("first_name"), FieldPanel("last_name"), FieldPanel("user")], heading=_("Identity")),
        MultiFieldPanel([FieldPanel("library"), FieldPanel("kind"), FieldPanel("job_title"), FieldPanel("phone")],
                        heading=_("In the network")),
        FieldPanel("photo"), FieldPanel("bio"), FieldPanel("mentor"), FieldPanel("active"),
    ]

    def get_queryset(self, request):
        return Person.objects.select_related("library")


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (LibraryViewSet, PersonViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)


class UserViewSet(WagtailUserViewSet):
    """Settings → Users, with forms that keep one account per address (intranet.apps.UsersAppConfig
    puts it in place of Wagtail's)."""

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm
