import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from intranet.roles import STAFF_ROLES


class Equipment(models.Model):
    """Something a room offers: vidéoprojecteur, visio, PC... (filterable in the finder)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    countable = models.BooleanField(_("countable"), default=False,
                                    help_text=_("Rooms say how many they have (e.g. PCs)."))

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["name"]

    def __str__(self):
        return self.name


class RoomQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Room(ClusterableModel):
    """A shared training or meeting room of one of the network's libraries."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    library = models.ForeignKey("intranet.Library", verbose_name=_("library"), on_delete=models.PROTECT,
                                related_name="rooms")
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    accessible = models.BooleanField(_("wheelchair accessible"), default=True)
    description = models.TextField(_("description"), blank=True)
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    colour = models.CharField(_("colour"), max_length=7, default="#1d4e89",
                              validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1d4e89."))])
    allowed_groups = models.ManyToManyField(
        "auth.Group", verbose_name=_("groups allowed to book"), blank=True, related_name="+",
        help_text=_("Empty: Coordination, Référents and Personnel."),
    )
    requires_approval = models.BooleanField(_("approval required"), default=False)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("approvers"), blank=True, related_name="approved_rooms",
        help_text=_("Who approves requests for this room. Coordination can always approve."),
    )
    bookable_from = models.TimeField(_("bookable from"), null=True, blank=True,
                                     help_text=_("Empty: the library's hours."))
    bookable_until = models.TimeField(_("bookable until"), null=True, blank=True,
                                      help_text=_("Empty: the library's hours."))
    active = models.BooleanField(_("active"), default=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["library__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bookable_from__isnull=True) | Q(bookable_until__isnull=True)
                | Q(bookable_until__gt=F("bookable_from")),
                name="room_bookable_hours_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.library.name})" if self.library_id else self.name

    def get_absolute_url(self):
        return reverse("calendar_sync:room", kwargs={"slug": self.slug})

    @property
    def opens_at(self):
        return self.bookable_from or self.library.rooms_open_from

    @property
    def closes_at(self):
        return self.bookable_until or self.library.rooms_open_until

    def allowed_group_names(self) -> set[str]:
        """Uses the prefetched allowed_groups when there are some."""
        names = {group.name for group in self.allowed_groups.all()}
        return names or {role.value for role in STAFF_ROLES}


class RoomEquipment(models.Model):
    room = ParentalKey(Room, on_delete=models.CASCADE, related_name="equipment_items")
    equipment = models.ForeignKey(Equipment, verbose_name=_("equipment"), on_delete=models.PROTECT,
                                  related_name="room_items")
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("room equipment")
        ordering = ["equipment__name"]
        constraints = [models.UniqueConstraint(fields=["room", "equipment"], name="room_equipment_once")]

    def __str__(self):
        return f"{self.equipment.name} × {self.quantity}" if self.quantity > 1 else self.equipment.name


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")


# Statuses that hold the slot: the database refuses two of them overlapping in one room.
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")


class MonthlyMode(models.TextChoices):
    DAY_OF_MONTH = "day_of_month", _("On the same day of the month")
    NTH_WEEKDAY = "nth_weekday", _("On the same weekday of the month (e.g. 2nd Tuesday)")
    LAST_WEEKDAY = "last_weekday", _("On the same weekday, the last of the month (e.g. last Friday)")


class BookingSeries(models.Model):
    """The rule of a recurring booking. Its occurrences are ordinary Booking rows (one per date),
    so conflicts, feeds and cancellations work on each of them; an occurrence changed on its own is
    marked as an exception and survives later edits of the series.

    The rule is kept in RFC 5545 form (`rrule`, read from `first_date`; recurrence.RecurrenceRule
    writes it), so that a calendar feed can publish the series as one RRULE with its EXDATEs."""

    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="series")
    organizer = models.ForeignKey("intranet.Person", verbose_name=_("organizer"), on_delete=models.PROTECT,
                                  related_name="booking_series")
    title = models.CharField(_("title"), max_length=200)
    rrule = models.TextField(_("recurrence rule"),
                             help_text=_("RFC 5545 RRULE read from the first date, e.g. "
                                         "FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU,TH;UNTIL=20270630T215959Z."))
    first_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="series_end_after_start"),
            models.CheckConstraint(condition=Q(rrule__startswith="FREQ="), name="series_rrule_has_frequency"),
        ]

    def __str__(self):
        return self.title

    @property
    def frequency(self) -> Frequency:
        """Every day, week or month: the FREQ of the rule."""
        parts = dict(part.split("=", 1) for part in self.rrule.split(";") if "=" in part)
        return Frequency(parts["FREQ"].lower())


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@intranet-reseau"


def overlap_q(*, start, end) -> Q:
    """Bookings whose [start, end) meets [start, end): back-to-back is not an overlap.

    No booking lasts longer than BOOKING_MAX_DURATION_HOURS, so one that overlaps starts at most
    that long before `start`: the lower bound keeps the (room, start) index range short however
    many past bookings a room has."""
    longest = datetime.timedelta(hours=settings.BOOKING_MAX_DURATION_HOURS)
    return Q(start__lt=end, start__gt=start - longest, end__gt=start)


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def overlapping(self, *, start, end):
        """Bookings whose [start, end) meets [start, end) (overlap_q)."""
        return self.filter(overlap_q(start=start, end=end))

    def upcoming(self):
        return self.filter(end__gt=timezone.now())

    # The filters of Booking.is_editable / is_cancellable: keep each pair saying the same.
    def editable(self, now: datetime.datetime):
        return self.active().filter(start__gt=now)

    def cancellable(self, now: datetime.datetime):
        return self.active().filter(end__gt=now)

    def awaiting_decision(self, now: datetime.datetime):
        """Requests an approver can still decide: pending, and not over."""
        return self.filter(status=BookingStatus.PENDING, end__gt=now)


class Booking(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings")
    title = models.CharField(_("title"), max_length=200)
    organizer = models.ForeignKey("intranet.Person", verbose_name=_("organizer"), on_delete=models.PROTECT,
                                  related_name="bookings")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices,
                              default=BookingStatus.CONFIRMED)
    attendees = models.PositiveSmallIntegerField(_("expected attendees"), default=1,
                                                 validators=[MinValueValidator(1)])
    note = models.TextField(_("note"), blank=True, max_length=2000)
    is_private = models.BooleanField(_("private"), default=False,
                                     help_text=_("Others see « Réservé » instead of the title."))
    series = models.ForeignKey(BookingSeries, verbose_name=_("series"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="bookings")
    is_exception = models.BooleanField(_("changed on its own"), default=False,
                                       help_text=_("An occurrence edited alone keeps its changes when the "
                                                   "series is edited."))
    ical_uid = models.CharField(_("iCalendar UID"), max_length=255, unique=True, default=new_ical_uid,
                                editable=False)
    sequence = models.PositiveIntegerField(_("iCalendar sequence"), default=0, editable=False)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [
            # The conflict check and the week view: one room, a time window, active statuses.
            models.Index(fields=["room", "start", "end"], name="booking_room_time_idx"),
            models.Index(fields=["organizer", "start"], name="booking_organizer_idx"),
            models.Index(fields=["status", "start"], name="booking_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=Q(attendees__gte=1), name="booking_attendees_positive"),
            # On PostgreSQL an exclusion constraint (migration 0002) also refuses overlaps of active
            # bookings in one room; SQLite relies on IMMEDIATE transactions (see services).
        ]

    def __str__(self):
        """What anyone may see: « Réservé » for a private booking. Generic code (the admin's
        choosers, bulk actions and breadcrumbs, log lines) knows no viewer, so it gets that."""
        return self.title_for(None)

    def get_absolute_url(self):
        return reverse("calendar_sync:booking", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_editable(self, now: datetime.datetime) -> bool:
        """Can still be changed: it holds its slot and has not started (what happened stays as it was)."""
        return self.is_active and self.start > now

    def is_cancellable(self, now: datetime.datetime) -> bool:
        """Can still be cancelled: it holds its slot and is not over (cancelling one under way frees
        the rest of it)."""
        return self.is_active and self.end > now

    def title_for(self, user) -> str:
        """The title this viewer sees: « Réservé » for a private booking they may not see
        (permissions.can_see_private_details holds the rule)."""
        from ..permissions import can_see_private_details

        return self.title if can_see_private_details(user, self) else str(_("Reserved"))

    def note_for(self, user) -> str:
        """The note this viewer sees: nothing for a private booking they may not see."""
        from ..permissions import can_see_private_details

        return self.note if can_see_private_details(user, self) else ""


class BookingAction(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    CANCELLED = "cancelled", _("Cancelled")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class BookingLog(models.Model):
    booking = models.ForeignKey(Booking, verbose_name=_("booking"), on_delete=models.CASCADE,
                                related_name="log_entries")
    action = models.CharField(_("action"), max_length=10, choices=BookingAction.choices)
    by = models.ForeignKey("intranet.Person", verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    details = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("booking history entry")
        verbose_name_plural = _("booking history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
