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
