"""Secret tokens that open a person's calendar feeds, and the .ics files waiting for confirmation."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_feed_key() -> str:
    # 32 random bytes: not guessable, and short enough for a calendar app's URL field.
    return secrets.token_urlsafe(32)


class FeedTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True, person__user__is_active=True)


class FeedToken(models.Model):
    """Opens every feed of one person (what they may see, nothing more) to a calendar app that
    cannot log in. One live token per person; regenerating revokes the old one, whose URLs then
    answer 404."""

    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="feed_tokens")
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_feed_key, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(revoked_at__isnull=True),
                                    name="feedtoken_one_live_per_person"),
        ]

    def __str__(self):
        # Never the key: this string ends up in logs and admin listings.
        return str(_("Feed token of %(person)s") % {"person": self.person})


class IcsImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Waiting for confirmation")
    DONE = "done", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class IcsImport(models.Model):
    """An uploaded .ics file between its preview and its confirmation (and what it did, after)."""

    created_by = models.ForeignKey("intranet.Person", verbose_name=_("imported by"), on_delete=models.CASCADE,
                                   related_name="ics_imports")
    calendar = models.ForeignKey("calendar_sync.NetworkCalendar", verbose_name=_("calendar"), null=True,
                                 blank=True, on_delete=models.CASCADE, related_name="imports")
    as_bookings = models.BooleanField(_("as room bookings"), default=False)
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    report = models.JSONField(_("report"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IcsImportStatus.choices,
                              default=IcsImportStatus.PREVIEWED)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    done_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar file import")
        verbose_name_plural = _("calendar file imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(as_bookings=True) | Q(calendar__isnull=False),
                                   name="icsimport_has_target"),
        ]

    def __str__(self):
        return self.filename
