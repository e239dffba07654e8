"""What happened at a meeting: who was there, and the minutes, approved at the body's next meeting."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    REMOTE = "remote", _("Remote")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    REPRESENTED = "represented", _("Represented")


class Attendance(models.Model):
    meeting = models.ForeignKey("governance.Meeting", verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="attendance")
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="meeting_attendance")
    status = models.CharField(_("attendance"), max_length=12, choices=AttendanceStatus.choices)
    represented_by = models.ForeignKey("intranet.Person", verbose_name=_("represented by"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_person"),
            models.CheckConstraint(
                condition=(Q(status=AttendanceStatus.REPRESENTED, represented_by__isnull=False)
                           | (~Q(status=AttendanceStatus.REPRESENTED) & Q(represented_by__isnull=True))),
                name="attendance_represented_iff_by"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", pgettext_lazy("minutes", "Approved")  # « Approuvé », not a booking's « Validée »
    SUPERSEDED = "superseded", _("Replaced by a correction")


class Minutes(models.Model):
    """One numbered version of a meeting's minutes. Approved minutes are locked: a correction is a
    new version (the approved one becomes superseded once the correction is approved)."""

    meeting = models.ForeignKey("governance.Meeting", verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="minutes_versions")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    summary = models.TextField(_("general remarks"), blank=True, help_text=_("HTML cleaned with bleach."))
    correction_reason = models.TextField(_("reason of the correction"), blank=True)
    written_by = models.ForeignKey("intranet.Person", verbose_name=_("written by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey("intranet.Person", verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at_meeting = models.ForeignKey("governance.Meeting", verbose_name=_("approved at the meeting"),
                                            null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="minutes_approved_here")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_version_unique"),
            # One version being written or waiting for approval at a time.
            models.UniqueConstraint(fields=["meeting"], condition=Q(status__in=["draft", "submitted"]),
                                    name="minutes_one_open_version"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(approved_on__isnull=False),
                                   name="minutes_approved_has_date"),
        ]

    def __str__(self):
        return f"{self.meeting} — v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status in (MinutesStatus.APPROVED, MinutesStatus.SUPERSEDED)


class ItemMinutes(models.Model):
    """What was said on one agenda item, in one version of the minutes."""

    minutes = models.ForeignKey(Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("governance.AgendaItem", verbose_name=_("agenda item"), on_delete=models.CASCADE,
                             related_name="+")
    text = models.TextField(_("minutes of the item"), blank=True, help_text=_("HTML cleaned with bleach."))

    class Meta:
        verbose_name = _("minutes of an item")
        verbose_name_plural = _("minutes of the items")
        constraints = [models.UniqueConstraint(fields=["minutes", "item"], name="item_minutes_unique")]

    def __str__(self):
        return f"{self.minutes} — {self.item}"
