"""Decisions taken at meetings (the register, and the escalation circuit between bodies) and the
actions that follow them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    POSTPONED = "postponed", _("Postponed")
    REFERRED = "referred", _("Referred to the parent body")


class Decision(models.Model):
    meeting = models.ForeignKey("governance.Meeting", verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="decisions")
    item = models.ForeignKey("governance.AgendaItem", verbose_name=_("agenda item"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="decisions")
    number = models.CharField(_("number"), max_length=30, help_text=_("E.g. COTECH-2026-07."))
    text = models.TextField(_("decision"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=DecisionOutcome.choices)
    # Why a referral could not reach the parent body yet (no next meeting, deadline passed...).
    escalation_blocked = models.TextField(_("escalation blocked"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__start", "number"]
        indexes = [models.Index(fields=["meeting", "outcome"], name="decision_meeting_outcome_idx")]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_unique")]

    def __str__(self):
        return f"{self.number} — {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("governance:decision", args=[self.pk])


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionStatus.OPEN)


class ActionItem(models.Model):
    body = models.ForeignKey("governance.BodyPage", verbose_name=_("body"), on_delete=models.CASCADE,
                             related_name="actions")
    meeting = models.ForeignKey("governance.Meeting", verbose_name=_("decided at"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="actions")
    decision = models.ForeignKey(Decision, verbose_name=_("decision"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey("intranet.Person", verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="governance_actions")
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_note = models.TextField(_("note"), blank=True, max_length=2000)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_date"], name="action_owner_idx"),
                   models.Index(fields=["body", "status", "due_date"], name="action_body_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status=ActionStatus.DONE) | Q(done_at__isnull=False),
                                   name="action_done_has_date"),
        ]

    def __str__(self):
        return self.title


class ActionReminder(models.Model):
    """A reminder already sent, so that `send_reminders` never sends it twice: "due_soon" once per
    action, "overdue" once per person and ISO week (key "2026-W11")."""

    DUE_SOON = "due_soon"
    OVERDUE_DIGEST = "overdue"

    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    action = models.ForeignKey(ActionItem, verbose_name=_("action"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10)
    key = models.CharField(_("key"), max_length=20)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [models.UniqueConstraint(fields=["person", "kind", "key"], name="action_reminder_once")]

    def __str__(self):
        return f"{self.kind} {self.key} — {self.person}"
