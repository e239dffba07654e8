"""Training paths (« Parcours »): Wagtail pages of ordered steps, and the records of who follows
which path with which mentor (Enrolment) and how far they are (StepProgress, one row per step)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from intranet.models import IntranetPage

from .content import Audience, audiences_for


class PathIndexPage(IntranetPage):
    """« Parcours »: the section that holds every training path."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["tutorials.TrainingPathPage"]
    max_count = 1
    template = "tutorials/training_path_index_page.html"

    class Meta:
        verbose_name = _("training paths section")

    def get_context(self, request, *args, **kwargs):
        from ..views.paths import path_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(path_index_context(request, self))
        return context


# The audience as a path's reader reads it (« Pour tous »...), apart from the filters' words.
AUDIENCE_LABELS = {
    Audience.EVERYONE: pgettext_lazy("path audience", "Everyone"),
    Audience.STAFF: pgettext_lazy("path audience", "Staff"),
    Audience.VOLUNTEERS: pgettext_lazy("path audience", "Volunteers"),
}


class TrainingPathPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The audience rule of tutorials (audiences_for), for paths: lists, panels and direct URLs."""
        audiences = audiences_for(user)
        if len(audiences) == len(Audience.values):
            return self
        return self.filter(audience__in=sorted(audiences))


class TrainingPathPage(IntranetPage):
    introduction = models.TextField(_("introduction"), max_length=2000,
                                    help_text=_("What the path is for and how it goes."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.VOLUNTEERS)
    duration_weeks = models.PositiveSmallIntegerField(_("estimated duration (weeks)"), default=4)
    self_enrolment = models.BooleanField(_("open to self-enrolment"), default=False,
                                         help_text=_("People may enrol themselves from the path's page."))

    objects = PageManager.from_queryset(TrainingPathPageQuerySet)()

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.FilterField("audience")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("duration_weeks"), FieldPanel("self_enrolment")]),
        # The skills map's rows (skills_map.PathSkill): the skills a path brings, at a level.
        MultiFieldPanel([InlinePanel("skills_brought", label=_("Skill"))], heading=_("Skills it brings")),
        MultiFieldPanel([InlinePanel("steps", label=_("Step"), min_num=1)], heading=_("Steps")),
    ]
    parent_page_types = ["tutorials.PathIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("training path")
        verbose_name_plural = _("training paths")

    @property
    def search_summary(self) -> str:
        return self.introduction[:200]

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.get_audience_display())

    def serve(self, request, *args, **kwargs):
        from django.http import Http404

        if not TrainingPathPage.objects.visible_to(request.user).filter(pk=self.pk).exists():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..views.paths import path_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(path_page_context(request, self))
        return context


class StepKind(models.TextChoices):
    READ = "read", _("Read a tutorial page")
    SESSION = "session", _("Training session")
    PRACTICE = "practice", _("Practice")
    MEETING = "meeting", _("Meeting with the mentor")
    CHECKLIST = "checklist", _("Checklist")


class PathStep(Orderable):
    """One step of a path; its id stays the same across revisions, so progress can point to it."""

    path = ParentalKey(TrainingPathPage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices, default=StepKind.PRACTICE)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    tutorial = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("tutorial page"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="path_steps")
    needs_validation = models.BooleanField(_("the mentor must validate"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("tutorial"), FieldPanel("needs_validation")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


class EnrolmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(withdrawn_at__isnull=True, completed_at__isnull=True)

    def current(self):
        """In progress or completed: what a person's « Mes parcours » shows."""
        return self.filter(withdrawn_at__isnull=True)


class Enrolment(models.Model):
    person = models.ForeignKey("intranet.Person", verbose_name=_("learner"), on_delete=models.CASCADE,
                               related_name="path_enrolments")
    path = models.ForeignKey(TrainingPathPage, verbose_name=_("path"), on_delete=models.CASCADE,
                             related_name="enrolments")
    mentor = models.ForeignKey("intranet.Person", verbose_name=_("mentor"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="mentored_enrolments")
    target_date = models.DateField(_("target date"), null=True, blank=True)
    enrolled_by = models.ForeignKey("intranet.Person", verbose_name=_("enrolled by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    enrolled_at = models.DateTimeField(_("enrolled at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("intranet.Person", verbose_name=_("withdrawn by"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        indexes = [
            models.Index(fields=["person", "withdrawn_at"], name="enrolment_person_idx"),
            models.Index(fields=["mentor", "withdrawn_at"], name="enrolment_mentor_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "path"],
                                    condition=Q(withdrawn_at__isnull=True, completed_at__isnull=True),
                                    name="enrolment_one_open_per_person_path"),
            models.CheckConstraint(condition=~Q(mentor=F("person")), name="enrolment_mentor_not_learner"),
            models.CheckConstraint(condition=Q(completed_at__isnull=True) | Q(completed_at__gte=F("enrolled_at")),
                                   name="enrolment_completed_after_enrolled"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.path.title}"

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None and self.completed_at is None


class StepStatus(models.TextChoices):
    TODO = "todo", pgettext_lazy("step status", "To do")
    DONE = "done", pgettext_lazy("step status", "Done")
    WAITING = "waiting", pgettext_lazy("step status", "Waiting for validation")
    VALIDATED = "validated", pgettext_lazy("step status", "Validated")
    SENT_BACK = "sent_back", pgettext_lazy("step status", "Sent back")


# A step counts as finished when it is done and, if its mentor must validate it, validated.
FINISHED = (StepStatus.DONE, StepStatus.VALIDATED)


class StepProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="progress")
    step = models.ForeignKey(PathStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices, default=StepStatus.TODO)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey("intranet.Person", verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    booking = models.ForeignKey("calendar_sync.Booking", verbose_name=_("room booking"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="stepprogress_one_per_enrolment_step"),
            models.CheckConstraint(condition=Q(status__in=StepStatus.values), name="stepprogress_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=[StepStatus.VALIDATED, StepStatus.SENT_BACK]) | Q(reviewed_at__isnull=False),
                name="stepprogress_reviewed_is_dated"),
            models.CheckConstraint(condition=~Q(status=StepStatus.SENT_BACK) | ~Q(comment=""),
                                   name="stepprogress_sent_back_has_comment"),
        ]
        indexes = [models.Index(fields=["status", "enrolment"], name="stepprogress_status_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.step.title}: {self.get_status_display()}"
