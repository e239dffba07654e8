from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class IntranetConfig(AppConfig):
    default = True  # the app config of "intranet"; UsersAppConfig below replaces "wagtail.users"
    default_auto_field = "django.db.models.BigAutoField"
    name = "intranet"
    verbose_name = _("Intranet")

    def ready(self):
        from django.conf import settings

        from . import caching, page_permissions, roles, signals  # noqa: F401  (signal receivers)
        from .exports import make_wagtail_csv_exports_safe
        from .forms import register_admin_text_cleaning

        if settings.INTRANET_REQUIRE_SHARED_CACHE:
            caching.require_shared_cache()
        register_admin_text_cleaning()
        make_wagtail_csv_exports_safe()
        # Wagtail's admin listings of pages (explorer, search, reports) leave out what a person may
        # not read on the site.
        page_permissions.register_page_policy()

        # After every migrate (once all apps' permissions exist), re-apply the roles' permissions that
        # every app grants in its wagtail_hooks.py.
        post_migrate.connect(roles.sync_role_permissions_after_migrate, dispatch_uid="intranet_sync_roles")


class UsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our users viewset (the Wagtail 6+ way to customise the user forms):
    listed in INSTALLED_APPS instead of "wagtail.users"."""

    default = False
    user_viewset = "intranet.wagtail_hooks.UserViewSet"
