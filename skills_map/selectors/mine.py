"""Reads of « Mes compétences »: a person's own rows (current and history), their profile, how fresh their
skills are (the dashboard nudge and the yearly reminder), and who could teach them, each at a constant
number of queries."""

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Max, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from intranet.models import Person
from intranet.roles import STAFF_ROLES, Role

from ..models import MASTERY_LEVEL, PersonSkill, SkillProfile
from ..models.people import default_visibility, named_q, validation_cutoff
from ..permissions import shown_count
from .taxonomy import all_skills

# How many people « Qui pourrait m'apprendre ? » names per skill (the skill's page lists them all).
TEACHERS_PER_SKILL = 5


def confirm_months() -> int:
    return getattr(settings, "SKILLS_CONFIRM_MONTHS", 12)


def confirm_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Skills last confirmed before this moment are stale (the nudge asks to look at them again)."""
    return (now or timezone.now()) - relativedelta(months=confirm_months())


def my_current_rows(person: Person) -> dict[int, PersonSkill]:
    """{skill id: current row} with who validated it (one query)."""
    rows = (PersonSkill.objects.current().filter(person=person)
            .select_related("validated_by", "evidence_path"))
    return {row.skill_id: row for row in rows}


def my_history(person: Person) -> list[PersonSkill]:
    """Every row of the person, current and closed, skill by skill and newest first (one query)."""
    return list(PersonSkill.objects.filter(person=person)
                .select_related("skill__domain", "validated_by", "evidence_path")
                .order_by("skill__domain__sort_order", "skill__domain__name", "skill__name", "-valid_from", "-pk"))


def my_profile(person: Person) -> SkillProfile | None:
    """The person's profile if they have one (reading never creates it)."""
    return SkillProfile.objects.filter(person=person).first()


def visibility_of(person: Person, profile: SkillProfile | None) -> str:
    return profile.visibility if profile is not None else default_visibility(person.kind)


def with_freshness(people):
    """Annotates a Person queryset with `skills_count` (current rows) and `skills_confirmed` (the profile's
    « last confirmed », else the newest of the rows'), as subqueries (no join that multiplies rows)."""
    current = PersonSkill.objects.filter(person=OuterRef("pk"), valid_until__isnull=True).order_by().values("person")
    return people.annotate(
        skills_count=Coalesce(Subquery(current.annotate(n=Count("pk")).values("n")[:1]), Value(0)),
        skills_confirmed=Coalesce(F("skill_profile__confirmed_at"),
                                  Subquery(current.annotate(last=Max("confirmed_at")).values("last")[:1])),
    )


@dataclass(frozen=True)
class Freshness:
    count: int
    confirmed: dt.datetime | None

    @property
    def empty(self) -> bool:
        return self.count == 0

    @property
    def stale(self) -> bool:
        return not self.empty and (self.confirmed is None or self.confirmed < confirm_cutoff())

    @property
    def needs_nudge(self) -> bool:
        return self.empty or self.stale


def freshness(person: Person) -> Freshness:
    """How many skills the person declared and when they last confirmed them (one query)."""
    row = with_freshness(Person.objects.filter(pk=person.pk)).values("skills_count", "skills_confirmed").first()
    if row is None:
        return Freshness(0, None)
    return Freshness(row["skills_count"], row["skills_confirmed"])


# --- Who could teach me ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeachersOfSkill:
    skill: object  # a taxonomy SkillEntry
    my_level: int | None
    target_level: int | None
    shown: str  # how many could teach, through shown_count
    total: int
    teachers: tuple[PersonSkill, ...]  # the first ones by name (empty for a reader who may not see names)

    @property
    def more(self) -> bool:
        return self.total > len(self.teachers)


def teachers_for(person: Person, *, reader_sees_names: bool,
                 per_skill: int = TEACHERS_PER_SKILL) -> list[TeachersOfSkill]:
    """For each skill the person wants to learn: how many active people (not them) share it at level 3
    or more, and the first `per_skill` of those who may be named (their library first, validated first,
    then the highest level). Three queries whatever the network's size."""
    wishes = list(PersonSkill.objects.current().filter(person=person, wants_to_learn=True)
                  .values_list("skill_id", "level", "target_level"))
    if not wishes:
        return []
    skill_ids = [skill_id for skill_id, _level, _target in wishes]
    sharing = (PersonSkill.objects.current().of_active_people()
               .filter(skill_id__in=skill_ids, level__gte=MASTERY_LEVEL, willing_to_share=True)
               .exclude(person=person))
    counts = {row["skill_id"]: row for row in sharing.order_by().values("skill_id").annotate(
        total=Count("pk"), named=Count("pk", filter=named_q("person__")))}
    named_rows: dict[int, list[PersonSkill]] = {}
    if reader_sees_names:
        cutoff = validation_cutoff()
        order = [
            Case(When(validated_at__gte=cutoff, then=Value(0)), default=Value(1), output_field=IntegerField()).asc(),
            F("level").desc(), F("person__last_name").asc(), F("person__first_name").asc(), F("pk").asc(),
        ]
        if person.library_id:
            order.insert(0, Case(When(person__library_id=person.library_id, then=Value(0)), default=Value(1),
                                 output_field=IntegerField()).asc())
        ranked = (sharing.named().select_related("person__library", "validated_by")
                  .annotate(rank=Window(RowNumber(), partition_by=[F("skill_id")], order_by=order))
                  .filter(rank__lte=per_skill).order_by("skill_id", "rank"))
        for row in ranked:
            named_rows.setdefault(row.skill_id, []).append(row)
    skills = {skill.pk: skill for skill in all_skills()}
    result = []
    for skill_id, level, target in wishes:
        if skill_id not in skills:
            continue
        count = counts.get(skill_id, {"total": 0, "named": 0})
        result.append(TeachersOfSkill(skills[skill_id], level, target,
                                      shown_count(count["total"], count["named"], reader_sees_names),
                                      count["total"], tuple(named_rows.get(skill_id, ()))))
    order = {skill.pk: index for index, skill in enumerate(all_skills())}
    return sorted(result, key=lambda entry: order[entry.skill.pk])


# --- The person page ---------------------------------------------------------------------------


def shown_skills_of(person: Person, *, named_only: bool) -> list[PersonSkill]:
    """The person's current skills with a level, highest first (one query); `named_only` keeps them only
    if the person may be shown by name."""
    rows = PersonSkill.objects.current().filter(person=person, level__isnull=False)
    if named_only:
        rows = rows.named()
    return list(rows.select_related("skill").order_by("-level", "skill__name"))


def who_is_due_a_reminder(now: dt.datetime | None = None):
    """Active people with an active account and an email, whose skills are empty or unconfirmed for
    SKILLS_CONFIRM_MONTHS and who were not reminded in the last year (one query), among those
    who use the skills map: staff and volunteers."""
    now = now or timezone.now()
    skills_users = Person.objects.filter(user__groups__name__in=[*STAFF_ROLES, Role.VOLUNTEERS]).values("pk")
    people = with_freshness(Person.objects.filter(active=True, user__is_active=True, pk__in=skills_users)
                            .exclude(user__email=""))
    stale = Q(skills_count=0) | Q(skills_confirmed__isnull=True) | Q(skills_confirmed__lt=confirm_cutoff(now))
    not_reminded = (Q(skill_profile__nudged_at__isnull=True)
                    | Q(skill_profile__nudged_at__lte=now - relativedelta(years=1)))
    return people.filter(stale).filter(not_reminded).select_related("user").order_by("pk")
