from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from .models import Meeting
        from .services import convocations
        from .signals import meeting_changed

        # Members already convened hear of a change of time or place, or of a cancellation.
        meeting_changed.connect(convocations.on_meeting_changed, sender=Meeting,
                                dispatch_uid="governance.convocations.on_meeting_changed")
