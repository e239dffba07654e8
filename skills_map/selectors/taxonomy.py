"""The taxonomy as every page reads it: domains with their skills, the same for everyone, cached until
Coordination edits a domain or a skill (hooks bump TAXONOMY_CACHE)."""

from dataclasses import dataclass

from intranet.caching import cached

from ..models import Skill, SkillDomain

TAXONOMY_CACHE = "skills_map.taxonomy"


@dataclass(frozen=True)
class SkillEntry:
    pk: int
    name: str
    slug: str
    description: str
    minimum_base: bool
    domain_id: int


@dataclass(frozen=True)
class DomainEntry:
    pk: int
    name: str
    slug: str
    description: str
    skills: tuple[SkillEntry, ...]


def taxonomy() -> tuple[DomainEntry, ...]:
    """Every domain in order with its skills (two queries, then from the cache)."""

    def build() -> tuple[DomainEntry, ...]:
        skills: dict[int, list[SkillEntry]] = {}
        for skill in Skill.objects.order_by("name"):
            skills.setdefault(skill.domain_id, []).append(SkillEntry(
                skill.pk, skill.name, skill.slug, skill.description, skill.minimum_base, skill.domain_id))
        return tuple(DomainEntry(domain.pk, domain.name, domain.slug, domain.description,
                                 tuple(skills.get(domain.pk, ()))) for domain in SkillDomain.objects.all())

    return cached(TAXONOMY_CACHE, build)


def all_skills() -> list[SkillEntry]:
    return [skill for domain in taxonomy() for skill in domain.skills]


def domain_by_slug(slug: str) -> DomainEntry | None:
    return next((domain for domain in taxonomy() if domain.slug == slug), None)
