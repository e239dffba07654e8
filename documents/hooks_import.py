"""The Drive import in the admin, for Coordination: upload a Takeout, follow it in the background."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import can_import_drive
from .views import admin_import


class DriveImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import_drive(request.user)


@hooks.register("register_admin_urls")
def drive_import_urls():
    return [path("import-drive/", include((admin_import.urlpatterns, admin_import.app_name),
                                          namespace=admin_import.app_name))]


@hooks.register("register_admin_menu_item")
def drive_import_menu_item():
    return DriveImportMenuItem(_("Import from Google Drive"), reverse("documents_import:index"),
                               name="drive-import", icon_name="upload", order=850)
