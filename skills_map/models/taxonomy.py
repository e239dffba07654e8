"""The taxonomy of the skills map: domains > skills (edited by Coordination as snippets), the four-level
scale, and the skills a training path brings (edited on the path's page, so a path completed is evidence)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class Level(models.IntegerChoices):
    NOTIONS = 1, pgettext_lazy("skill level", "Notions")
    PRACTICE = 2, pgettext_lazy("skill level", "Practice")
    MASTERY = 3, pgettext_lazy("skill level", "Mastery")
    EXPERTISE = 4, pgettext_lazy("skill level", "Expertise (can train others)")

    @property
    def descriptor(self) -> str:
        return LEVEL_DESCRIPTORS[self]


# Shown wherever a level is chosen, so that two people mean the same thing by « Maîtrise ».
LEVEL_DESCRIPTORS = {
    Level.NOTIONS: _("I know what it is and where to find help; I do it with support."),
    Level.PRACTICE: _("I do it on my own in the usual cases."),
    Level.MASTERY: _("I handle the difficult cases and colleagues come to me with questions."),
    Level.EXPERTISE: _("I could train others and write the procedure."),
}

# What the map and the gaps count: people who master a skill (level 3 or more).
MASTERY_LEVEL = Level.MASTERY


class SkillDomain(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]), FieldPanel("description"),
              FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("skill domain")
        verbose_name_plural = _("skill domains")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Skill(index.Indexed, ClusterableModel):
    domain = models.ForeignKey(SkillDomain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    minimum_base = models.BooleanField(
        _("part of the minimum base"), default=False,
        help_text=_("Every library team should count at least one person who masters it."))

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("domain"), FieldPanel("minimum_base")]),
        FieldPanel("description"),
        InlinePanel("tutorial_links", label=_("Tutorial")),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("domain_id"),
    ]

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["domain__sort_order", "domain__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("skills_map:skill", kwargs={"slug": self.slug})


class SkillTutorial(Orderable):
    """A tutorial or procedure that teaches a skill (shown on the skill's page, to who may read it)."""

    skill = ParentalKey(Skill, on_delete=models.CASCADE, related_name="tutorial_links")
    page = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("tutorial"), on_delete=models.CASCADE,
                             related_name="skill_links")

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("tutorial of the skill")
        verbose_name_plural = _("tutorials of the skill")
        constraints = [models.UniqueConstraint(fields=["skill", "page"], name="skilltutorial_one_per_skill_page")]

    def __str__(self) -> str:
        return f"{self.skill} — {self.page}"


class PathSkill(Orderable):
    """A skill a training path brings, at a level: when a volunteer completes the path, their mentor is
    offered to validate it at that level with the path as evidence."""

    path = ParentalKey("tutorials.TrainingPathPage", on_delete=models.CASCADE, related_name="skills_brought")
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="paths")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.PRACTICE,
        help_text=_("The level a person reaches by completing the path: 1 Notions (with support), 2 Practice (on "
                    "their own in the usual cases), 3 Mastery (the difficult cases), 4 Expertise (could train "
                    "others)."))

    panels = [FieldRowPanel([FieldPanel("skill"), FieldPanel("level")])]

    class Meta(Orderable.Meta):
        verbose_name = _("skill it brings")
        verbose_name_plural = _("skills it brings")
        constraints = [
            models.UniqueConstraint(fields=["path", "skill"], name="pathskill_one_per_path_skill"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="pathskill_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.get_level_display()})"
