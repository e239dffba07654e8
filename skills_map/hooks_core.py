"""Hook functions of the taxonomy: the domain and skill snippets (Coordination edits them), the « Compétences »
navigation entry and the roles' permissions."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intranet import snippets
from intranet.caching import bump
from intranet.hooks import NAVIGATION, ROLE_PERMISSIONS
from intranet.navigation import NavItem
from intranet.roles import STAFF_ROLES, Role, grant

from .models import Skill, SkillDomain, SkillTutorial
from .selectors.taxonomy import TAXONOMY_CACHE


class SkillDomainViewSet(SnippetViewSet):
    model = SkillDomain
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "folder-open-inverse"
    menu_label = _("Skill domains")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    copy_view_enabled = False


class SkillViewSet(SnippetViewSet):
    model = Skill
    chooser_viewset_class = snippets.GuardedSnippetChooserViewSet
    icon = "pick"
    menu_label = _("Skills")
    list_display = ["name", "domain", "minimum_base"]
    list_filter = ["domain", "minimum_base"]
    search_fields = ["name", "description"]
    copy_view_enabled = False


class SkillsMapViewSetGroup(SnippetViewSetGroup):
    items = (SkillDomainViewSet, SkillViewSet)
    menu_icon = "pick"
    menu_label = _("Skills map")
    menu_name = "skills_map"
    menu_order = 330


register_snippet(SkillsMapViewSetGroup)


def _forget_taxonomy(**kwargs):
    bump(TAXONOMY_CACHE)


for _model in (Skill, SkillDomain, SkillTutorial):
    post_save.connect(_forget_taxonomy, sender=_model, dispatch_uid=f"skills_map_forget_{_model.__name__}_saved")
    post_delete.connect(_forget_taxonomy, sender=_model, dispatch_uid=f"skills_map_forget_{_model.__name__}_deleted")


@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("skills", _("Skills"), "skills_map:index", order=30, roles=(*STAFF_ROLES, Role.VOLUNTEERS))]


@hooks.register(ROLE_PERMISSIONS)
def role_permissions():
    taxonomy = [f"skills_map.{action}_{model}" for model in ("skill", "skilldomain")
                for action in ("add", "change", "delete", "view")]
    return [
        grant(Role.COORDINATION, *taxonomy),
        # Who edits a training path chooses the skills it brings.
        grant(Role.REFERENTS, "skills_map.view_skill"),
    ]
