"""factory_boy factories of the skills-map tests. Records made here skip the services (and so the rules):
use them for the data a test stands on, never for the behaviour it checks."""

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from skills_map.models import PathSkill, PersonSkill, Skill, SkillDomain, SkillProfile
from tests.factories import LibraryFactory, PersonFactory

__all__ = ["LibraryFactory", "PathSkillFactory", "PersonFactory", "PersonSkillFactory", "SkillDomainFactory",
           "SkillFactory", "SkillProfileFactory"]


class SkillDomainFactory(DjangoModelFactory):
    class Meta:
        model = SkillDomain
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Domaine {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sort_order = factory.Sequence(lambda n: n)


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    domain = factory.SubFactory(SkillDomainFactory)
    name = factory.Sequence(lambda n: f"Compétence {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Savoir le faire."


class PersonSkillFactory(DjangoModelFactory):
    """A current row: PersonSkillFactory(person=..., skill=..., level=3); validated with
    `validated_by=referent, validated_at=...`."""

    class Meta:
        model = PersonSkill

    person = factory.SubFactory(PersonFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 2
    confirmed_at = factory.LazyFunction(timezone.now)
    valid_from = factory.LazyFunction(timezone.now)


class SkillProfileFactory(DjangoModelFactory):
    class Meta:
        model = SkillProfile
        django_get_or_create = ("person",)

    person = factory.SubFactory(PersonFactory)
    visibility = "named"


class PathSkillFactory(DjangoModelFactory):
    class Meta:
        model = PathSkill

    skill = factory.SubFactory(SkillFactory)
    level = 2


# --- mine family ------------------------------------------------------------------------------------


def skills_form_data(skills, rows=None, **changes) -> dict:
    """The POST of « Mes compétences » as a browser sends it: every skill's level control (empty for no
    level), the checkboxes only when ticked. `rows` = {skill: (level, wants, target, share)} of what the
    form shows; `changes` = {slug with "_" for "-": the same tuple} of what the person changes."""
    shown = {skill.pk: (None, False, None, False) for skill in skills}
    for skill, values in (rows or {}).items():
        shown[skill.pk] = values
    by_slug = {skill.slug.replace("-", "_"): skill for skill in skills}
    for slug, values in changes.items():
        shown[by_slug[slug].pk] = values
    data = {}
    for pk, (level, wants, target, share) in shown.items():
        data[f"level-{pk}"] = "" if level is None else str(level)
        data[f"target-{pk}"] = "" if target is None else str(target)
        if wants:
            data[f"learn-{pk}"] = "1"
        if share:
            data[f"share-{pk}"] = "1"
    return data
