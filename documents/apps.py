from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401  (connects the receivers)

        # Every database gets the well-known folders and one per body and library after migrate.
        post_migrate.connect(_sync_folders_after_migrate, sender=self, dispatch_uid="documents_sync_folders")


def _sync_folders_after_migrate(*, using="default", **kwargs):
    from .services import folders_sync

    if using == "default":
        folders_sync()
