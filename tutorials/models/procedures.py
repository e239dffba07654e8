"""Records of the procedures family: readers' feedback on a page (« Cette page vous a-t-elle aidé ? »),
the versions of a procedure (one per significant published revision), readers' confirmations that
they read and apply a version, and a library's local notes under given steps of a procedure."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

COMMENT_MAX_LENGTH = 1000
NOTE_MAX_LENGTH = 2000
SUMMARY_MAX_LENGTH = 300


class TutorialPageForm(WagtailAdminPageForm):
    """The admin form of a tutorial page (TutorialPage.base_form_class): « significant change » and
    « what changed » describe the revision being written, so every edit starts unticked and empty
    instead of inheriting the previous revision's answer (which would ask readers again for a typo)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["significant_change"] = False
            self.initial["change_summary"] = ""


class PageFeedback(models.Model):
    """One reader's answer to « Cette page vous a-t-elle aidé ? », which they may change."""

    page = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("page"), on_delete=models.CASCADE,
                             related_name="feedback")
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="tutorial_feedback")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feedback on a page")
        verbose_name_plural = _("feedback on pages")
        constraints = [models.UniqueConstraint(fields=["page", "person"], name="feedback_one_per_person_and_page")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.page_id}: {'+' if self.helpful else '-'}"


class ProcedureVersion(models.Model):
    """A version readers confirm: the first publication of a procedure, then each published revision
    marked as a significant change."""

    page = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("page"), on_delete=models.CASCADE,
                             related_name="procedure_versions")
    revision = models.ForeignKey("wagtailcore.Revision", verbose_name=_("revision"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="+")
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"))
    change_summary = models.CharField(_("what changed"), max_length=SUMMARY_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="procedure_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="procedure_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"


class ProcedureConfirmation(models.Model):
    """« J'ai lu et j'applique cette procédure »: the last version a person confirmed (one row per
    person and page, moved to the new version when they confirm again)."""

    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="procedure_confirmations")
    page = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("page"), on_delete=models.CASCADE,
                             related_name="procedure_confirmations")
    version = models.ForeignKey(ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE,
                                related_name="confirmations")
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("procedure confirmation")
        verbose_name_plural = _("procedure confirmations")
        constraints = [
            models.UniqueConstraint(fields=["person", "page"], name="procedure_confirmation_one_per_person"),
        ]
        indexes = [models.Index(fields=["version", "person"], name="confirmation_version_person")]

    def __str__(self) -> str:
        return f"{self.person_id} ✓ {self.version_id}"


class LocalNote(models.Model):
    """A library's own note under a step of a network procedure (its hours, contacts, equipment).
    `base_text` is the network text of the step as the note's author last saw it: when a published
    revision changes it, the note needs a look by the library's referent."""

    page = models.ForeignKey("tutorials.TutorialPage", verbose_name=_("page"), on_delete=models.CASCADE,
                             related_name="local_notes")
    library = models.ForeignKey("intranet.Library", verbose_name=_("library"), on_delete=models.CASCADE,
                                related_name="tutorial_notes")
    step_id = models.CharField(_("step"), max_length=64)
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    base_text = models.TextField(_("network text when written"), blank=True)
    base_revision = models.ForeignKey("wagtailcore.Revision", verbose_name=_("revision when written"),
                                      on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    needs_review = models.BooleanField(_("needs a look"), default=False)
    updated_by = models.ForeignKey("intranet.Person", verbose_name=_("updated by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("local note")
        verbose_name_plural = _("local notes")
        constraints = [
            models.UniqueConstraint(fields=["page", "library", "step_id"], name="local_note_one_per_step_and_library"),
        ]
        indexes = [models.Index(fields=["library", "needs_review"], name="local_note_library_review")]

    def __str__(self) -> str:
        return f"{self.library_id} @ {self.page_id}/{self.step_id}"
