"""Calendars kept in step with the outside: remote .ics subscriptions (pulled), and CalDAV servers
where rooms' bookings and network calendars are pushed, or from which a calendar is pulled."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CalendarSubscription(models.Model):
    """A remote .ics URL whose events fill a network calendar (`sync_calendars`)."""

    calendar = models.OneToOneField("calendar_sync.NetworkCalendar", verbose_name=_("calendar"),
                                    on_delete=models.CASCADE, related_name="subscription")
    url = models.URLField(_("address of the .ics file"), max_length=1000)
    active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(_("ETag"), max_length=255, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=64, blank=True, editable=False)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.calendar)


class CalDAVServer(models.Model):
    """A CalDAV account (Nextcloud, Radicale, SOGo...). The application password comes from the
    environment variable named here, or is stored encrypted with the project's key (never in clear)."""

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("server address"), max_length=500)
    username = models.CharField(_("user name"), max_length=150)
    password_env = models.CharField(_("environment variable holding the password"), max_length=100, blank=True)
    password_encrypted = models.TextField(_("encrypted password"), blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("CalDAV server")
        verbose_name_plural = _("CalDAV servers")

    def __str__(self):
        return self.name


class CalDAVDirection(models.TextChoices):
    PUSH = "push", _("Publish to the server")
    PULL = "pull", _("Bring in from the server")


class CalDAVLink(models.Model):
    """One calendar collection of a server, and what it is kept in step with: a room's bookings or a
    network calendar pushed to it, or a network calendar pulled from it."""

    server = models.ForeignKey(CalDAVServer, verbose_name=_("server"), on_delete=models.CASCADE, related_name="links")
    calendar_url = models.URLField(_("address of the calendar collection"), max_length=1000)
    direction = models.CharField(_("direction"), max_length=4, choices=CalDAVDirection.choices)
    room = models.ForeignKey("calendar_sync.Room", verbose_name=_("room"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="caldav_links")
    calendar = models.ForeignKey("calendar_sync.NetworkCalendar", verbose_name=_("network calendar"), null=True,
                                 blank=True, on_delete=models.CASCADE, related_name="caldav_links")
    sync_token = models.TextField(_("sync token"), blank=True, editable=False)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("CalDAV calendar")
        verbose_name_plural = _("CalDAV calendars")
        constraints = [
            models.CheckConstraint(condition=Q(direction__in=CalDAVDirection.values), name="caldavlink_direction"),
            # Exactly one thing is kept in step; only network calendars are pulled.
            models.CheckConstraint(
                condition=(Q(room__isnull=False, calendar__isnull=True, direction="push")
                           | Q(room__isnull=True, calendar__isnull=False)),
                name="caldavlink_one_target"),
        ]

    def __str__(self):
        return self.calendar_url


class CalDAVObject(models.Model):
    """What the server holds for one pushed event: its href and ETag, and the SEQUENCE pushed, so a
    change is sent once and a 412 (someone changed it there) is answered by re-reading."""

    link = models.ForeignKey(CalDAVLink, verbose_name=_("CalDAV calendar"), on_delete=models.CASCADE,
                             related_name="dav_objects")
    uid = models.CharField(_("iCalendar UID"), max_length=255)
    href = models.CharField(_("address on the server"), max_length=1000)
    etag = models.CharField(_("ETag"), max_length=255, blank=True)
    fingerprint = models.CharField(_("fingerprint of what was pushed"), max_length=64, blank=True)
    pushed_at = models.DateTimeField(_("pushed"), null=True, blank=True)

    class Meta:
        verbose_name = _("CalDAV object")
        verbose_name_plural = _("CalDAV objects")
        constraints = [models.UniqueConstraint(fields=["link", "uid"], name="caldavobject_one_per_uid")]

    def __str__(self):
        return self.uid
