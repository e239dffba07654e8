from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsMapConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "skills_map"
    verbose_name = _("Skills map")
