"""The forms of « Mes compétences »: the skills form is hand-written (four controls for each of some fifty
skills: Django's per-field machinery would cost more than the rest of the page), its parsing here; the
visibility choice is a small Django form."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Refused
from .models import Level, PersonSkill, Visibility
from .services.people import Declaration, check_declaration


def level_field(skill_id: int) -> str:
    return f"level-{skill_id}"


def learn_field(skill_id: int) -> str:
    return f"learn-{skill_id}"


def target_field(skill_id: int) -> str:
    return f"target-{skill_id}"


def share_field(skill_id: int) -> str:
    return f"share-{skill_id}"


@dataclass
class SkillLine:
    """One skill of the form: what its controls show (the current row, or what was just posted)."""

    skill: object  # a taxonomy SkillEntry
    row: PersonSkill | None
    level: int | None
    wants_to_learn: bool
    target_level: int | None
    willing_to_share: bool
    error: str = ""

    @property
    def status(self) -> str:
        """"validated", "expired" (a validation older than SKILLS_VALIDATION_YEARS), "self" (self-declared)
        or "" (nothing declared)."""
        if self.row is None:
            return ""
        if self.row.validated_at is None:
            return "self"
        return "validated" if self.row.is_validated else "expired"


def _level(value: str) -> int | None:
    """A posted level: None for « no level », ValueError for anything but 1..4."""
    value = (value or "").strip()
    if not value:
        return None
    level = int(value)
    if level not in Level.values:
        raise ValueError(value)
    return level


class MySkillsForm:
    """Every skill of the taxonomy with the person's current rows; bound to a POST, it gives the
    declarations of the skills it holds (a skill whose level control was not posted, e.g. added since
    the page was loaded, is left as it is) and the error of each skill the rules refuse."""

    def __init__(self, skills, current: dict[int, PersonSkill], data=None):
        self.skills = list(skills)
        self.current = current
        self.data = data
        self.is_bound = data is not None
        self.errors: dict[int, str] = {}
        self.declarations: dict = {}
        if self.is_bound:
            self._parse()

    def _parse(self) -> None:
        for skill in self.skills:
            pk = skill.pk
            if level_field(pk) not in self.data:
                continue
            try:
                level = _level(self.data.get(level_field(pk)))
                target = _level(self.data.get(target_field(pk)))
            except ValueError:
                self.errors[pk] = _("Choose a level between 1 and 4 for « %(skill)s ».") % {"skill": skill.name}
                continue
            declaration = Declaration(level=level, wants_to_learn=bool(self.data.get(learn_field(pk))),
                                      target_level=target, willing_to_share=bool(self.data.get(share_field(pk))))
            try:
                check_declaration(declaration.normalised(), skill)
            except Refused as refused:
                self.errors[pk] = refused.message
                continue
            self.declarations[skill] = declaration

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors

    def add_error(self, skill_id: int, message: str) -> None:
        self.errors[skill_id] = message

    def lines(self) -> dict[int, SkillLine]:
        """{skill id: SkillLine}, showing what was posted when bound (so nothing typed is lost on a 400)."""
        lines = {}
        for skill in self.skills:
            pk = skill.pk
            row = self.current.get(pk)
            if self.is_bound and level_field(pk) in self.data:
                def posted(name, pk=pk):
                    try:
                        return _level(self.data.get(name))
                    except ValueError:
                        return None
                line = SkillLine(skill, row, posted(level_field(pk)), bool(self.data.get(learn_field(pk))),
                                 posted(target_field(pk)), bool(self.data.get(share_field(pk))))
            elif row is not None:
                line = SkillLine(skill, row, row.level, row.wants_to_learn, row.target_level, row.willing_to_share)
            else:
                line = SkillLine(skill, None, None, False, None, False)
            line.error = self.errors.get(pk, "")
            lines[pk] = line
        return lines


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=gettext_lazy("How your skills are shown"), choices=Visibility.choices,
                                   widget=forms.RadioSelect)
