"""Hook functions of the people family (see wagtail_hooks.py): the dashboard panel « Compétences à
valider », the site's search of skills and of people by their skills, and the skill page's benchmark."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.caching import bump
from intranet.dashboard import Panel, first_and_total
from intranet.hooks import BENCHMARKS, DASHBOARD_PANELS, SEARCH_SOURCES
from intranet.roles import STAFF_ROLES
from intranet.search import SearchHit, SearchSource

from . import permissions
from .selectors import people as selectors

PANEL_ROWS = 5


def _forget_learning(**kwargs):
    bump(selectors.LEARNING_CACHE)


def _connect_learning_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished

    from tutorials.models import TrainingPathPage, TutorialPage

    from .models import PathSkill, SkillTutorial

    for model in (TutorialPage, TrainingPathPage):
        page_published.connect(_forget_learning, sender=model, dispatch_uid=f"skills_learning_{model.__name__}_pub")
        page_unpublished.connect(_forget_learning, sender=model,
                                 dispatch_uid=f"skills_learning_{model.__name__}_unpub")
    for model in (SkillTutorial, PathSkill):
        post_save.connect(_forget_learning, sender=model, dispatch_uid=f"skills_learning_{model.__name__}_saved")
        post_delete.connect(_forget_learning, sender=model, dispatch_uid=f"skills_learning_{model.__name__}_deleted")


_connect_learning_signals()


def to_validate_panel(request) -> dict | None:
    """Nothing (and no query but the reader's mentees) for who validates nobody."""
    scope = selectors.validation_scope(request.user)
    if scope.is_empty:
        return None
    offers = selectors.path_offers(scope)
    rows, total = first_and_total(selectors.to_validate(scope), PANEL_ROWS)
    if not rows and not offers:
        return None
    # Counted apart: an offer and a self-declared row may be the same skill of the same person.
    return {"offers": offers[:PANEL_ROWS], "offers_total": len(offers),
            "rows": rows[:max(PANEL_ROWS - len(offers), 0)], "total": total}


@hooks.register(DASHBOARD_PANELS)
def people_dashboard_panels():
    return [Panel("skills_to_validate", _("Skills to validate"), "skills_map/panels/to_validate.html",
                  to_validate_panel, order=13, roles=STAFF_ROLES)]


def search_skill_hits(user, text: str, *, limit: int) -> list[SearchHit]:
    if not permissions.uses_skills(user):
        return []
    return [SearchHit(title=skill.name, url=reverse("skills_map:skill", kwargs={"slug": skill.slug}),
                      kind=_("Skill"), summary=skill.description)
            for skill in selectors.search_skills(text, limit=limit)]


def search_people_hits(user, text: str, *, limit: int) -> list[SearchHit]:
    return [SearchHit(title=f"{row.person.full_name} — {row.skill.name} ({row.get_level_display()})",
                      url=row.person.get_absolute_url(), kind=_("Skill"),
                      summary=row.person.library.name if row.person.library else "")
            for row in selectors.search_people_by_skill(user, text, limit=limit)]


@hooks.register(SEARCH_SOURCES)
def people_search_sources():
    return [SearchSource("skills", _("Skills"), search_skill_hits, order=50),
            SearchSource("people_by_skill", _("People by their skills"), search_people_hits, order=51)]


def skill_page_bench() -> str:
    """The skill the most people declare (the longest « Qui sait faire ? » page)."""
    from .models import Skill

    skill = (Skill.objects.annotate(rows=Count("person_rows", filter=Q(person_rows__valid_until__isnull=True)))
             .order_by("-rows", "pk").first())
    if skill is None:
        raise LookupError("The seeded network has no skill: seed_demo must load the skills map's taxonomy first.")
    return reverse("skills_map:skill", kwargs={"slug": skill.slug})


@hooks.register(BENCHMARKS)
def people_benchmarks():
    return [Benchmark("skills_skill_page", skill_page_bench, order=710)]
