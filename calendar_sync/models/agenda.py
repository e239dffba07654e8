"""The network agenda: calendars (Actions culturelles, Formations, Fermetures...) and their events.

An event is stored as RFC 5545 holds it, so that feeds publish it as it is and imports keep it as
they found it: a single event, or a recurring master (`rrule`, `exdates`, `rdates`) whose changed
occurrences are rows of their own with the master's `uid` and the `recurrence_id` they replace.
Times are aware datetimes; an all-day event runs from the local midnight of its first day to the
local midnight after its last day (`end` exclusive, as DTEND;VALUE=DATE)."""

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rooms import new_ical_uid


class CalendarAudience(models.TextChoices):
    NETWORK = "network", _("The whole network (elected officials included)")
    STAFF = "staff", _("Staff (Coordination, Référents, Personnel)")
    GROUPS = "groups", _("Only the groups chosen below")


class NetworkCalendarQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class NetworkCalendar(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    colour = models.CharField(_("colour"), max_length=7, default="#1d4e89",
                              validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1d4e89."))])
    description = models.TextField(_("description"), blank=True, max_length=2000)
    audience = models.CharField(_("who may read it"), max_length=10, choices=CalendarAudience.choices,
                                default=CalendarAudience.STAFF)
    reader_groups = models.ManyToManyField("auth.Group", verbose_name=_("groups who may read it"), blank=True,
                                           related_name="+", help_text=_("Used when only chosen groups read it."))
    library = models.ForeignKey("intranet.Library", verbose_name=_("library"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="network_calendars",
                                help_text=_("Empty: the calendar is the whole network's."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NetworkCalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("network calendar")
        verbose_name_plural = _("network calendars")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(audience__in=CalendarAudience.values), name="calendar_audience_valid"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="calendar_colour_hex"),
        ]

    def __str__(self):
        return self.name


class EventStatus(models.TextChoices):
    CONFIRMED = "CONFIRMED", _("Confirmed")
    TENTATIVE = "TENTATIVE", _("Tentative")
    CANCELLED = "CANCELLED", _("Cancelled")


class EventSource(models.TextChoices):
    MANUAL = "manual", _("Entered here")
    IMPORTED = "imported", _("Imported from a file")
    SUBSCRIBED = "subscribed", _("Subscribed calendar")
    CALDAV = "caldav", _("CalDAV server")


class AgendaEventQuerySet(models.QuerySet):
    def masters(self):
        """Single events and recurring masters: not the rows that override one occurrence."""
        return self.filter(recurrence_id__isnull=True)

    def published(self, now: dt.datetime):
        """What feeds publish: everything not cancelled, and cancelled events for
        CALENDAR_FEED_KEEP_CANCELLED_DAYS after their cancellation (so calendar apps drop them)."""
        kept_since = now - dt.timedelta(days=settings.CALENDAR_FEED_KEEP_CANCELLED_DAYS)
        return self.filter(~Q(status=EventStatus.CANCELLED) | Q(cancelled_at__gte=kept_since))

    def between(self, start: dt.datetime, end: dt.datetime):
        """Events that may have an occurrence meeting [start, end): single events that overlap it,
        recurring masters that begin before its end and repeat until after its start (`repeats_until`
        null: no end), and overrides moved into it or out of it."""
        single = Q(rrule="", start__lt=end, end__gt=start)
        recurring = ~Q(rrule="") & Q(start__lt=end) & (Q(repeats_until__isnull=True) | Q(repeats_until__gt=start))
        override = Q(recurrence_id__isnull=False) & (Q(start__lt=end, end__gt=start)
                                                     | Q(recurrence_id__lt=end, recurrence_id__gte=start))
        return self.filter(single | recurring | override)


class AgendaEvent(models.Model):
    calendar = models.ForeignKey(NetworkCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE,
                                 related_name="events")
    uid = models.CharField(_("iCalendar UID"), max_length=255, default=new_ical_uid)
    recurrence_id = models.DateTimeField(_("occurrence replaced"), null=True, blank=True,
                                         help_text=_("Set on a changed occurrence of a recurring event."))
    title = models.CharField(_("title"), max_length=255)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    location = models.CharField(_("place"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("HTML, cleaned of anything but simple formatting and links."))
    url = models.URLField(_("link"), max_length=500, blank=True)
    library = models.ForeignKey("intranet.Library", verbose_name=_("library"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="agenda_events")
    rrule = models.CharField(_("recurrence rule"), max_length=500, blank=True,
                             help_text=_("RFC 5545 RRULE read from the start, e.g. FREQ=WEEKLY;BYDAY=TU."))
    exdates = models.JSONField(_("excluded occurrences"), default=list, blank=True,
                               help_text=_("Starts (ISO 8601, UTC) of the occurrences the rule gives but that "
                                           "do not take place."))
    rdates = models.JSONField(_("added occurrences"), default=list, blank=True,
                              help_text=_("Starts (ISO 8601, UTC) of occurrences added to the rule."))
    repeats_until = models.DateTimeField(_("repeats until"), null=True, blank=True, editable=False,
                                         help_text=_("End of the last occurrence, empty when the rule never "
                                                     "ends: lets the agenda find recurring events of a period."))
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices,
                              default=EventStatus.CONFIRMED)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("iCalendar sequence"), default=0)
    source = models.CharField(_("source"), max_length=12, choices=EventSource.choices, default=EventSource.MANUAL)
    remote_last_modified = models.DateTimeField(_("last modified at the source"), null=True, blank=True)
    created_by = models.ForeignKey("intranet.Person", verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = AgendaEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda event")
        verbose_name_plural = _("agenda events")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["calendar", "start"], name="agendaevent_calendar_start"),
            models.Index(fields=["start", "end"], name="agendaevent_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="agendaevent_end_after_start"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="agendaevent_status_valid"),
            models.CheckConstraint(condition=Q(source__in=EventSource.values), name="agendaevent_source_valid"),
            # A changed occurrence is not itself recurring.
            models.CheckConstraint(condition=Q(recurrence_id__isnull=True) | Q(rrule=""),
                                   name="agendaevent_override_not_recurring"),
            models.CheckConstraint(condition=~Q(status=EventStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                                   name="agendaevent_cancelled_is_dated"),
            # One master per UID in a calendar, one override per occurrence: imports are idempotent.
            models.UniqueConstraint(fields=["calendar", "uid"], condition=Q(recurrence_id__isnull=True),
                                    name="agendaevent_one_master_per_uid"),
            models.UniqueConstraint(fields=["calendar", "uid", "recurrence_id"],
                                    condition=Q(recurrence_id__isnull=False),
                                    name="agendaevent_one_override_per_occurrence"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:event", kwargs={"pk": self.pk})

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule or self.rdates)

    def compute_repeats_until(self) -> None:
        """Set `repeats_until` from the rule (services call it before every save of a master)."""
        from ..expansion import last_end

        if not self.is_recurring:
            self.repeats_until = None
            return
        self.repeats_until = last_end(
            start=self.start, end=self.end, rrule=self.rrule,
            rdates=[dt.datetime.fromisoformat(value) for value in self.rdates],
            exdates=[dt.datetime.fromisoformat(value) for value in self.exdates])

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED
