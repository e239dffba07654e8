"""What each person says (and others validated) of their skills.

PersonSkill rows are never edited: a change closes the current row (`valid_until`) and opens a new
one, so the history of who declared or validated what, and when, is exact (the Odoo way). One row per
person and skill is current (`valid_until` is null), which a named constraint holds.

A validation counts only for `SKILLS_VALIDATION_YEARS` (default 3): older, the row reads as
self-declared until someone validates it again (`is_validated_at`, `PersonSkillQuerySet.validated`)."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intranet.models import PersonKind

from .taxonomy import MASTERY_LEVEL, Level, Skill


class Evidence(models.TextChoices):
    PATH = "path", _("Training path completed")
    MENTOR = "mentor", _("Mentor's sign-off")
    REFERENT = "referent", _("Referent's review")


class Visibility(models.TextChoices):
    NAMED = "named", _("Shown by name to the network's staff")
    AGGREGATE = "aggregate", _("Counted in aggregates only")


def default_visibility(kind: str) -> str:
    """Staff are shown by name unless they opt out; volunteers are counted only unless they opt in
    (DESIGN §8, CNIL: both defaults the other way round were reported as bugs elsewhere)."""
    return Visibility.AGGREGATE if kind == PersonKind.VOLUNTEER else Visibility.NAMED


def validation_years() -> int:
    return getattr(settings, "SKILLS_VALIDATION_YEARS", 3)


def validation_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Validations given before this moment have expired."""
    return (now or timezone.now()) - relativedelta(years=validation_years())


def named_q(prefix: str = "") -> Q:
    """The people who may be shown by name, as a filter on Person (`prefix` = "person__" from a PersonSkill).
    An explicit choice wins; without one, the default of their kind (see default_visibility)."""
    profile = f"{prefix}skill_profile__visibility"
    by_default = Q(**{f"{profile}__isnull": True}) & ~Q(**{f"{prefix}kind": PersonKind.VOLUNTEER})
    return Q(**{profile: Visibility.NAMED}) | by_default


class PersonSkillQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def of_active_people(self):
        return self.filter(person__active=True)

    def mastered(self):
        return self.filter(level__gte=MASTERY_LEVEL)

    def named(self):
        """Rows whose person may be shown by name (to a reader who may see names at all)."""
        return self.filter(named_q("person__"))

    def validated(self, now: dt.datetime | None = None):
        return self.filter(validated_at__gte=validation_cutoff(now))


class PersonSkill(models.Model):
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="skill_rows")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="person_rows")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, null=True, blank=True)
    wants_to_learn = models.BooleanField(_("wants to learn"), default=False)
    target_level = models.PositiveSmallIntegerField(_("target level"), choices=Level.choices, null=True, blank=True)
    willing_to_share = models.BooleanField(_("willing to share or train"), default=False)
    validated_by = models.ForeignKey("intranet.Person", verbose_name=_("validated by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=12, choices=Evidence.choices, blank=True)
    evidence_path = models.ForeignKey("tutorials.TrainingPathPage", verbose_name=_("path completed"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence_note = models.CharField(_("evidence note"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed"))
    valid_from = models.DateTimeField(_("from"))
    valid_until = models.DateTimeField(_("until"), null=True, blank=True)
    changed_by = models.ForeignKey("intranet.Person", verbose_name=_("changed by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = PersonSkillQuerySet.as_manager()

    class Meta:
        verbose_name = _("person's skill")
        verbose_name_plural = _("people's skills")
        ordering = ["person", "skill", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], condition=Q(valid_until__isnull=True),
                                    name="personskill_one_current_per_person_skill"),
            models.CheckConstraint(condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=4),
                                   name="personskill_level_valid"),
            models.CheckConstraint(condition=Q(target_level__isnull=True) | Q(target_level__gte=1, target_level__lte=4),
                                   name="personskill_target_level_valid"),
            # Something to say: a level or a wish to learn (a row with neither is closed, not kept).
            models.CheckConstraint(condition=Q(level__isnull=False) | Q(wants_to_learn=True),
                                   name="personskill_says_something"),
            models.CheckConstraint(condition=Q(target_level__isnull=True) | Q(wants_to_learn=True),
                                   name="personskill_target_only_when_learning"),
            models.CheckConstraint(condition=Q(validated_at__isnull=True) | (Q(validated_by__isnull=False)
                                                                              & Q(level__isnull=False)),
                                   name="personskill_validation_has_validator"),
            models.CheckConstraint(condition=Q(validated_by__isnull=True) | ~Q(validated_by=F("person")),
                                   name="personskill_not_self_validated"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                                   name="personskill_period_ordered"),
        ]
        indexes = [
            models.Index(fields=["skill", "valid_until", "level"], name="personskill_skill_idx"),
            models.Index(fields=["person", "valid_until"], name="personskill_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.skill}: {self.get_level_display() or _('wants to learn')}"

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    def is_validated_at(self, now: dt.datetime | None = None) -> bool:
        return self.validated_at is not None and self.validated_at >= validation_cutoff(now)

    @property
    def is_validated(self) -> bool:
        return self.is_validated_at()


class SkillProfile(models.Model):
    """A person's choices about their skills: whether they are shown by name, and when they were last
    asked to look at them again (the yearly nudge)."""

    person = models.OneToOneField("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                                  related_name="skill_profile")
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices)
    confirmed_at = models.DateTimeField(_("skills last confirmed"), null=True, blank=True)
    nudged_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("skills profile")
        verbose_name_plural = _("skills profiles")
        constraints = [
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="skillprofile_visibility_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_visibility_display()}"
