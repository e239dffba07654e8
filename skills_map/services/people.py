"""Writes of a person's skills: declaring (only what changed), confirming, the visibility choice and
validation. Rows are closed and replaced, never edited (models.people), except their « last confirmed »
date, which says nothing new about the skill."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.models import Person

from ..errors import NotAllowed, Refused
from ..models import Evidence, Level, PersonSkill, Skill, SkillProfile
from ..permissions import validator_kind


@dataclass(frozen=True)
class Declaration:
    """What a person says of one skill. An empty declaration (no level, no wish to learn) withdraws it."""

    level: int | None = None
    wants_to_learn: bool = False
    target_level: int | None = None
    willing_to_share: bool = False

    @classmethod
    def of(cls, row: PersonSkill | None) -> "Declaration":
        if row is None:
            return cls()
        return cls(row.level, row.wants_to_learn, row.target_level, row.willing_to_share)

    @property
    def is_empty(self) -> bool:
        return self.level is None and not self.wants_to_learn

    def normalised(self) -> "Declaration":
        """The same wish said one way: no target without a wish to learn, no sharing without a level."""
        wants = self.wants_to_learn
        return Declaration(self.level, wants, self.target_level if wants else None,
                           self.willing_to_share and self.level is not None)


def check_declaration(declaration: Declaration, skill: Skill) -> None:
    levels = Level.values
    if declaration.level is not None and declaration.level not in levels:
        raise Refused(_("Choose a level between 1 and 4 for « %(skill)s ».") % {"skill": skill.name})
    if declaration.target_level is not None:
        if declaration.target_level not in levels:
            raise Refused(_("Choose a target level between 1 and 4 for « %(skill)s ».") % {"skill": skill.name})
        if declaration.level is not None and declaration.target_level <= declaration.level:
            raise Refused(_("The level you want to reach in « %(skill)s » must be above your current level.")
                          % {"skill": skill.name})
    if declaration.wants_to_learn and declaration.level == Level.EXPERTISE:
        raise Refused(_("You already have the highest level in « %(skill)s »: there is nothing left to learn "
                        "there, but you could share it.") % {"skill": skill.name})


def _current_rows(person: Person, skill_ids) -> dict[int, PersonSkill]:
    rows = PersonSkill.objects.current().select_for_update().filter(person=person, skill_id__in=list(skill_ids))
    return {row.skill_id: row for row in rows}


def _new_row(person: Person, skill_id: int, declaration: Declaration, *, now: dt.datetime, by: Person,
             keep_validation_of: PersonSkill | None = None) -> PersonSkill:
    row = PersonSkill(person=person, skill_id=skill_id, level=declaration.level,
                      wants_to_learn=declaration.wants_to_learn, target_level=declaration.target_level,
                      willing_to_share=declaration.willing_to_share, confirmed_at=now, valid_from=now, changed_by=by)
    old = keep_validation_of
    if old is not None and old.validated_at is not None and old.level == declaration.level:
        # The validation is of the level: a change of wishes keeps it.
        row.validated_by_id, row.validated_at = old.validated_by_id, old.validated_at
        row.evidence, row.evidence_path_id, row.evidence_note = old.evidence, old.evidence_path_id, old.evidence_note
    return row


def _close(rows: list[PersonSkill], now: dt.datetime) -> None:
    if rows:
        PersonSkill.objects.filter(pk__in=[row.pk for row in rows]).update(valid_until=now)


def _saved(write):
    """Two saves of the same person's skills at once: the second finds the first's rows (the constraint
    of one current row per skill holds) and is told to try again, with nothing written."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise Refused(_("Your skills were changed at the same time from elsewhere. Reload the page and try "
                        "again.")) from error


@transaction.atomic
def person_skills_declare(*, person: Person, declarations: Mapping[Skill, Declaration], by: Person) -> int:
    """Saves what `person` says of each skill in `declarations`, writing only the skills whose
    declaration changed (a closed row and a new one each); returns how many changed. Only the person
    declares their own skills (others validate them)."""
    if by is None or by.pk != person.pk:
        raise NotAllowed(_("Only the person concerned declares their skills."))
    wanted = {skill: declaration.normalised() for skill, declaration in declarations.items()}
    for skill, declaration in wanted.items():
        check_declaration(declaration, skill)
    now = timezone.now()

    def write() -> int:
        current = _current_rows(person, (skill.pk for skill in wanted))
        closing, opening = [], []
        for skill, declaration in wanted.items():
            row = current.get(skill.pk)
            if declaration == Declaration.of(row):
                continue
            if row is not None:
                closing.append(row)
            if not declaration.is_empty:
                opening.append(_new_row(person, skill.pk, declaration, now=now, by=by, keep_validation_of=row))
        _close(closing, now)
        PersonSkill.objects.bulk_create(opening)
        return len({row.skill_id for row in closing} | {row.skill_id for row in opening})

    changed = _saved(write)
    if changed:
        profile = _profile(person)
        profile.confirmed_at = now
        profile.save(update_fields=["confirmed_at"])
    return changed


@transaction.atomic
def person_skills_confirm(*, person: Person, by: Person) -> int:
    """« Toujours vrai »: the person confirms every skill they declared as it stands; returns how many."""
    if by is None or by.pk != person.pk:
        raise NotAllowed(_("Only the person concerned confirms their skills."))
    now = timezone.now()
    count = PersonSkill.objects.current().filter(person=person).update(confirmed_at=now)
    profile = _profile(person)
    profile.confirmed_at = now
    profile.save(update_fields=["confirmed_at"])
    return count


def _profile(person: Person) -> SkillProfile:
    from .profiles import profile_for

    return profile_for(person)


@transaction.atomic
def person_skill_validate(*, person: Person, skill: Skill, by: Person, level: int | None = None,
                          evidence: str = "", evidence_path=None, note: str = "") -> PersonSkill:
    """`by` validates `person`'s skill at `level` (their declared level if not given): the current row is
    closed and a validated one opened. Referents validate their library's staff, mentors their
    volunteers (a path completed being evidence), nobody their own."""
    kind = validator_kind(by, person)
    if not kind:
        if by is not None and person is not None and by.pk == person.pk:
            raise NotAllowed(_("Nobody validates their own skills."))
        raise NotAllowed(_("Only the referent of their library (for staff) or their mentor (for volunteers) "
                           "validates a person's skills."))
    evidence = evidence or (Evidence.REFERENT if kind == "referent" else Evidence.MENTOR)
    allowed = {"referent": {Evidence.REFERENT}, "mentor": {Evidence.MENTOR, Evidence.PATH}}[kind]
    if evidence not in allowed:
        raise Refused(_("This evidence does not fit who you are for this person."), field="evidence")
    if evidence == Evidence.PATH:
        from ..selectors.validation import completed_path_brings

        if evidence_path is None or not completed_path_brings(person, evidence_path, skill):
            raise Refused(_("This path is not one that %(person)s completed and that brings « %(skill)s ».")
                          % {"person": person.full_name, "skill": skill.name}, field="evidence")
    elif evidence_path is not None:
        raise Refused(_("A path is evidence only with « Training path completed »."), field="evidence")
    now = timezone.now()

    def write() -> PersonSkill:
        row = _current_rows(person, [skill.pk]).get(skill.pk)
        validated_level = level if level is not None else (row.level if row is not None else None)
        if validated_level is None:
            raise Refused(_("%(person)s has not declared a level in « %(skill)s »: choose the level you validate.")
                          % {"person": person.full_name, "skill": skill.name}, field="level")
        if validated_level not in Level.values:
            raise Refused(_("Choose a level between 1 and 4."), field="level")
        declaration = Declaration.of(row)
        wants = declaration.wants_to_learn and (declaration.target_level or Level.EXPERTISE) > validated_level
        declaration = Declaration(validated_level, wants and validated_level < Level.EXPERTISE,
                                  declaration.target_level if wants else None, declaration.willing_to_share)
        if row is not None:
            _close([row], now)
        new = _new_row(person, skill.pk, declaration.normalised(), now=now, by=by)
        new.validated_by, new.validated_at, new.evidence = by, now, evidence
        new.evidence_path, new.evidence_note = evidence_path, note.strip()[:300]
        new.save()
        return new

    return _saved(write)
