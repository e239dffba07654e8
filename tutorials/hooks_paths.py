"""Hook functions of the paths family (see wagtail_hooks.py): the « Parcours » navigation entry, the
dashboard panels « Mes parcours » and « Étapes à valider », the demo data and the benchmark."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.caching import bump, cached
from intranet.dashboard import Panel, QuickLink, first_and_total
from intranet.demo import DEMO_ACCOUNTS, Seeder
from intranet.hooks import BENCHMARKS, DASHBOARD_PANELS, DEMO_SEEDERS, HIDDEN_PAGES, NAVIGATION, QUICK_LINKS
from intranet.navigation import NavItem
from intranet.page_permissions import HiddenPages
from intranet.roles import ALL_ROLES, STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user

from .selectors import paths as selectors


@hooks.register(NAVIGATION)
def paths_navigation():
    return [NavItem("paths", _("Paths"), "tutorials:paths", order=20, roles=ALL_ROLES)]


def paths_hidden_from(user) -> list[str]:
    """The paths outside the reader's audience (the site's search, listings and the admin leave them
    out): the tree paths of every path page minus those TrainingPathPage.objects.visible_to(user) keeps."""
    from .models import Audience, TrainingPathPage, audiences_for

    if len(audiences_for(user)) == len(Audience.values):  # reads every path: no query
        return []
    every = TrainingPathPage.objects.all()
    return list(every.exclude(pk__in=every.visible_to(user).values("pk")).values_list("path", flat=True))


def _path_pages_changed(sender, **kwargs):
    bump(selectors.PATHS_CACHE)


def _connect_signals():
    from wagtail.signals import page_published, page_unpublished

    from .models import TrainingPathPage

    page_published.connect(_path_pages_changed, sender=TrainingPathPage, dispatch_uid="tutorials_paths_published")
    page_unpublished.connect(_path_pages_changed, sender=TrainingPathPage,
                             dispatch_uid="tutorials_paths_unpublished")


_connect_signals()


@hooks.register(HIDDEN_PAGES)
def paths_hidden_pages():
    return [HiddenPages("training_paths", paths_hidden_from)]


@hooks.register(QUICK_LINKS)
def paths_quick_links():
    return [
        QuickLink(_("My paths"), "tutorials:my_paths", order=30, roles=(Role.VOLUNTEERS,)),
        QuickLink(_("My volunteers"), "tutorials:my_mentees", order=31, roles=(Role.REFERENTS, Role.STAFF)),
        QuickLink(_("Enrolments in training paths"), "tutorials:enrolments", order=32, roles=(Role.COORDINATION,)),
    ]


PANEL_PATHS = 3
PANEL_STEPS = 5


def _my_paths(person) -> dict:
    enrolments = [view for view in selectors.my_enrolments(person) if view.enrolment.is_open][:PANEL_PATHS]
    return {"enrolments": enrolments} if enrolments else {}


def my_paths_panel(request) -> dict | None:
    """Kept in the cache until a path or someone's progress changes (selectors.PATHS_CACHE): the
    dashboard gathers every app's panels within its query budget."""
    person = person_for_user(request.user)
    if person is None:
        return None
    return cached(selectors.PATHS_CACHE, lambda: _my_paths(person), "my_paths", person.pk) or None


def _steps_to_validate(person, coordination: bool) -> dict:
    steps, total = first_and_total(selectors.waiting_for_reviewer(person, coordination=coordination), PANEL_STEPS)
    return {"steps": steps, "total": total} if steps else {}


def steps_to_validate_panel(request) -> dict | None:
    person = person_for_user(request.user)
    if person is None:
        return None
    coordination = has_role(request.user, Role.COORDINATION)
    return cached(selectors.PATHS_CACHE, lambda: _steps_to_validate(person, coordination), "to_validate",
                  person.pk, coordination) or None


@hooks.register(DASHBOARD_PANELS)
def paths_dashboard_panels():
    return [
        Panel("my_paths", _("My paths"), "tutorials/paths/panels/my_paths.html", my_paths_panel, order=15),
        Panel("steps_to_validate", _("Steps to validate"), "tutorials/paths/panels/to_validate.html",
              steps_to_validate_panel, order=12, roles=STAFF_ROLES),
    ]


def _seed(*, scale: int) -> dict:
    from .demo_paths import seed_paths

    return seed_paths(scale=scale)


@hooks.register(DEMO_SEEDERS)
def paths_demo_seeders():
    # After the tutorial pages (content and procedures seeders), whose pages the steps link to.
    return [Seeder("paths", _seed, order=95)]


def my_paths_bench() -> str:
    return reverse("tutorials:my_paths")


@hooks.register(BENCHMARKS)
def paths_benchmarks():
    return [Benchmark("my_paths", my_paths_bench, order=620, user=DEMO_ACCOUNTS[Role.VOLUNTEERS]),
            Benchmark("my_mentees", lambda: reverse("tutorials:my_mentees"), order=621,
                      user=DEMO_ACCOUNTS[Role.REFERENTS])]
