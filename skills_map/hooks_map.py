"""Hook functions of the map family (see wagtail_hooks.py): the skills map's demo data (after the
tutorials' seeders: its skills link to their pages and paths), the benchmarks of the heatmap and the
gaps, read by a Coordination account, and what makes the cached counts forget (a person who leaves or
moves, a library, a visibility choice; rows added or closed change the counts' key themselves)."""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.caching import bump
from intranet.demo import DEMO_ACCOUNTS, Seeder
from intranet.hooks import BENCHMARKS, DEMO_SEEDERS
from intranet.models import Library, Person
from intranet.roles import Role

from .models import SkillProfile
from .selectors.map import MAP_COUNTS_CACHE


def _forget_counts(**kwargs):
    bump(MAP_COUNTS_CACHE)


for _model in (Person, Library, SkillProfile):
    post_save.connect(_forget_counts, sender=_model, dispatch_uid=f"skills_map_counts_{_model.__name__}_saved")
    post_delete.connect(_forget_counts, sender=_model, dispatch_uid=f"skills_map_counts_{_model.__name__}_deleted")

# After tutorials_content (70), paths (95) and tutorials_procedures (190).
SEEDER_ORDER = 200


def _seed(*, scale: int) -> dict:
    from .demo import seed_skills_map

    return seed_skills_map(scale=scale)


@hooks.register(DEMO_SEEDERS)
def map_demo_seeders():
    return [Seeder("skills_map", _seed, order=SEEDER_ORDER)]


def heatmap_bench() -> str:
    return reverse("skills_map:map")


def gaps_bench() -> str:
    return reverse("skills_map:gaps")


@hooks.register(BENCHMARKS)
def map_benchmarks():
    coordination = DEMO_ACCOUNTS[Role.COORDINATION]
    return [
        Benchmark("skills_map", heatmap_bench, order=700, user=coordination),
        Benchmark("skills_gaps", gaps_bench, order=710, user=coordination),
    ]
