from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarSyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendar_sync"
    verbose_name = _("Rooms and calendar")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
