from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "intranet"
    verbose_name = _("Intranet")

    def ready(self):
        from . import page_permissions, panels, roles, signals  # noqa: F401  (registries and signal receivers)

        # Wagtail's admin listings of pages (explorer, search, reports) leave out what a person may
        # not read on the site.
        page_permissions.register_page_policy()

        # After every migrate (once all apps' permissions exist), re-apply the roles' permissions.
        post_migrate.connect(roles.sync_role_permissions_after_migrate, dispatch_uid="intranet_sync_roles")
