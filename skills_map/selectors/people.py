"""Reads of the people family: a skill's page (« Qui sait faire ? »: counts by level, the people who may
be shown, the tutorials and paths of the skill), who a reader may validate, the rows and the path offers
waiting for their validation, and the site's search of skills and of people by their skills. Each read
runs a fixed number of queries whatever the size of the network."""

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import translation

from intranet.caching import cached, per_request
from intranet.models import Person, PersonKind
from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user
from tutorials.models import Enrolment, TrainingPathPage, TutorialPage, audiences_for

from ..models import Level, PersonSkill, Skill
from ..models.people import named_q, validation_cutoff
from ..permissions import sees_names, shown_count
from .taxonomy import SkillEntry, all_skills

PEOPLE_PER_PAGE = 30
TO_VALIDATE_PER_PAGE = 30
# Offers of a path completed: bounded (a mentor's volunteers and their paths are few); more wait their turn.
OFFERS_SHOWN = 50


def folded(text: str) -> str:
    """Lower case without accents, so that « medi » finds « Médiation numérique »."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold().strip()


def skills_matching(text: str) -> list[SkillEntry]:
    """The skills of the cached taxonomy whose name holds `text` (no query)."""
    wanted = folded(text)
    if not wanted:
        return []
    return [skill for skill in all_skills() if wanted in folded(skill.name)]


# --- who the reader may validate (the rule of permissions.validator_kind, for many people at once) ---


@dataclass(frozen=True)
class ValidationScope:
    """Whose skills a reader validates: the staff of `library_id` (a referent's library) and `mentee_ids`
    (the volunteers they mentor, in the directory or on a path)."""

    reader_id: int | None = None
    library_id: int | None = None
    mentee_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return self.library_id is None and not self.mentee_ids

    def kind_for(self, person: Person) -> str:
        """The same answer as permissions.validator_kind, without a query."""
        if self.reader_id is None or person.pk == self.reader_id:
            return ""
        if person.kind == PersonKind.VOLUNTEER:
            return "mentor" if person.pk in self.mentee_ids else ""
        if self.library_id is not None and person.library_id == self.library_id:
            return "referent"
        return ""

    def people_q(self, prefix: str = "") -> Q:
        """The people in scope, as a filter on Person (prefix "person__" from a PersonSkill)."""
        found = Q(pk__in=[])
        if self.library_id is not None:
            found |= (Q(**{f"{prefix}library_id": self.library_id}) & ~Q(**{f"{prefix}kind": PersonKind.VOLUNTEER})
                      & ~Q(**{f"{prefix}pk": self.reader_id}))
        if self.mentee_ids:
            found |= Q(**{f"{prefix}pk__in": sorted(self.mentee_ids)}) & Q(**{f"{prefix}kind": PersonKind.VOLUNTEER})
        return found


def mentee_ids(reader: Person) -> frozenset[int]:
    """The volunteers `reader` mentors (directory mentor, or mentor of one of their paths not withdrawn)."""
    mentored_on_a_path = Enrolment.objects.current().filter(mentor=reader).values("person_id")
    return frozenset(Person.objects.filter(Q(mentor=reader) | Q(pk__in=mentored_on_a_path),
                                           kind=PersonKind.VOLUNTEER).values_list("pk", flat=True))


def validation_scope(user) -> ValidationScope:
    """Once per request: no query for whom no staff role leaves anything to validate (volunteers, elected
    officials), one query (their mentees) for the network's staff."""

    def build() -> ValidationScope:
        if not has_role(user, *STAFF_ROLES) or not user.is_active:
            return ValidationScope()
        reader = person_for_user(user)
        if reader is None or not reader.active:
            return ValidationScope()
        library_id = reader.library_id if has_role(user, Role.REFERENTS) else None
        return ValidationScope(reader.pk, library_id, mentee_ids(reader))

    return per_request(user, "skills_validation_scope", build, anonymous=ValidationScope())


def validates_anyone(user) -> bool:
    """The « À valider » tab: referents (no query) and staff who mentor a volunteer."""
    return not validation_scope(user).is_empty


# --- a skill's page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelCount:
    level: int
    label: str
    descriptor: str
    shown: str  # through shown_count: « < 3 » where it could point at someone


def level_counts(skill: Skill, *, reader_sees_names: bool) -> list[LevelCount]:
    """How many active people declare each level (named or not), in one grouped query."""
    rows = PersonSkill.objects.current().of_active_people().filter(skill=skill, level__isnull=False)
    counts = {row["level"]: (row["everyone"], row["named"]) for row in rows.order_by().values("level").annotate(
        everyone=Count("pk"), named=Count("pk", filter=named_q("person__")))}
    return [LevelCount(level.value, level.label, level.descriptor,
                       shown_count(*counts.get(level.value, (0, 0)), reader_sees_names))
            for level in Level]


def skill_people(skill: Skill, user, *, library_text: str = "", my_library: bool = False,
                 now: dt.datetime | None = None) -> QuerySet[PersonSkill]:
    """The current rows with a level of the active people the reader may see by name (and the reader's own),
    my library first, then by level, validated first, then by name. A reader who sees no names gets only
    their own row."""
    reader = person_for_user(user)
    visible = Q(person=reader) if reader is not None else Q(pk__in=[])
    if sees_names(user):
        visible |= named_q("person__")
    rows = (PersonSkill.objects.current().of_active_people().filter(skill=skill, level__isnull=False)
            .filter(visible))
    library_id = reader.library_id if reader is not None else None
    if my_library:
        rows = rows.filter(person__library_id=library_id) if library_id else rows.none()
    elif library_text.strip():
        rows = rows.filter(person__library__name__icontains=library_text.strip())
    cutoff = validation_cutoff(now)
    return (rows.select_related("person__library")
            .annotate(mine=Case(When(person__library_id=library_id, then=Value(0)), default=Value(1),
                                output_field=IntegerField()) if library_id else Value(1),
                      checked=Case(When(validated_at__gte=cutoff, then=Value(0)), default=Value(1),
                                   output_field=IntegerField()))
            .order_by("mine", "-level", "checked", "person__last_name", "person__first_name", "pk"))


@dataclass(frozen=True)
class LearningLink:
    title: str
    url: str


@dataclass(frozen=True)
class PathLine:
    page: LearningLink
    level: int
    level_label: str


# What teaches a skill is the same for every reader of the same audiences: cached per skill and audiences,
# forgotten when a skill's links change or a tutorial or path is published or unpublished (hooks_people).
LEARNING_CACHE = "skills_map.learning"


def _learning(skill: Skill, user) -> tuple[list[LearningLink], list[PathLine]]:
    audiences = sorted(audiences_for(user))

    def build():
        tutorials = (TutorialPage.objects.live().filter(audience__in=audiences, skill_links__skill=skill)
                     .order_by("title").distinct()[:50])
        pages = TrainingPathPage.objects.live().filter(audience__in=audiences)
        links = (skill.paths.filter(path__in=pages.values("pk")).select_related("path")
                 .order_by("-level", "path__title")[:50])
        return ([LearningLink(page.title, page.url) for page in tutorials],
                [PathLine(LearningLink(link.path.title, link.path.url), link.level, str(link.get_level_display()))
                 for link in links])

    return cached(LEARNING_CACHE, build, skill.pk, *audiences, translation.get_language())


def skill_tutorials(skill: Skill, user) -> list[LearningLink]:
    """The live tutorials of the skill within the reader's audience (TutorialPage.objects.visible_to's rule)."""
    return _learning(skill, user)[0]


def skill_paths(skill: Skill, user) -> list[PathLine]:
    """The training paths that bring the skill, with the level they bring it at."""
    return _learning(skill, user)[1]


# --- what waits for the reader's validation -------------------------------------------------------------


def to_validate(scope: ValidationScope, now: dt.datetime | None = None) -> QuerySet[PersonSkill]:
    """The current rows with a level, not validated (or whose validation expired), of the people the
    reader validates. Not filtered by visibility: the referent or mentor is the person's own validator."""
    if scope.is_empty:
        return PersonSkill.objects.none()
    return (PersonSkill.objects.current().of_active_people().filter(level__isnull=False)
            .filter(scope.people_q("person__"))
            .exclude(validated_at__gte=validation_cutoff(now))
            .select_related("person__library", "skill")
            .order_by("person__last_name", "person__first_name", "person_id", "skill__name"))


@dataclass(frozen=True)
class PathOffer:
    """« Validate X at level L (path P completed on ...) »."""

    person: Person
    skill_id: int
    skill_name: str
    skill_slug: str
    level: int
    level_label: str
    path_id: int
    path_title: str
    completed_at: dt.datetime


def path_offers(scope: ValidationScope, now: dt.datetime | None = None) -> list[PathOffer]:
    """The skills the reader's volunteers earned by completing a path and whose current row is not validated
    at that level (or higher) yet: two queries."""
    if not scope.mentee_ids:
        return []
    earned = list(
        Enrolment.objects.current()
        .filter(person_id__in=sorted(scope.mentee_ids), person__active=True, completed_at__isnull=False,
                path__skills_brought__isnull=False)
        .values_list("person_id", "path_id", "path__title", "completed_at", "path__skills_brought__skill_id",
                     "path__skills_brought__level", "path__skills_brought__skill__name",
                     "path__skills_brought__skill__slug")
        .order_by("-completed_at", "path__title", "path__skills_brought__skill__name")[:OFFERS_SHOWN * 4])
    if not earned:
        return []
    cutoff = validation_cutoff(now)
    validated = {}
    current = (PersonSkill.objects.current().filter(person_id__in={row[0] for row in earned},
                                                     skill_id__in={row[4] for row in earned},
                                                     validated_at__gte=cutoff, level__isnull=False)
               .values_list("person_id", "skill_id", "level"))
    for person_id, skill_id, level in current:
        validated[person_id, skill_id] = level
    people = Person.objects.select_related("library").in_bulk({row[0] for row in earned})
    offers, seen = [], set()
    for person_id, path_id, title, completed_at, skill_id, level, skill_name, skill_slug in earned:
        if validated.get((person_id, skill_id), 0) >= level or (person_id, skill_id) in seen:
            continue
        seen.add((person_id, skill_id))
        offers.append(PathOffer(people[person_id], skill_id, skill_name, skill_slug, level, Level(level).label,
                                path_id, title, completed_at))
    return offers[:OFFERS_SHOWN]


# --- the site's search ----------------------------------------------------------------------------------


def search_people_by_skill(user, text: str, *, limit: int) -> list[PersonSkill]:
    """People shown by name whose skills match `text`, the highest levels first (one query, none when no
    skill matches). Only for a reader who may see names, and never an « aggregates only » person."""
    if not sees_names(user):
        return []
    skill_ids = [skill.pk for skill in skills_matching(text)]
    if not skill_ids:
        return []
    return list(PersonSkill.objects.current().of_active_people().named()
                .filter(skill_id__in=skill_ids, level__isnull=False)
                .select_related("person__library", "skill")
                .order_by("-level", "person__last_name", "person__first_name", "pk")[:limit])


def search_skills(text: str, *, limit: int) -> list[SkillEntry]:
    """Skills whose name or description holds `text` (from the cached taxonomy, no query)."""
    wanted = folded(text)
    if not wanted:
        return []
    by_name = [skill for skill in all_skills() if wanted in folded(skill.name)]
    by_description = [skill for skill in all_skills()
                      if skill not in by_name and wanted in folded(skill.description)]
    return (by_name + by_description)[:limit]
