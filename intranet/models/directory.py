import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Library(models.Model):
    """A médiathèque of the network, or the agglomeration's head office."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    commune = models.CharField(_("commune"), max_length=120)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line per day, e.g. « Mardi : 10 h – 18 h ».")
    )
    is_head_office = models.BooleanField(
        _("head office of the network"), default=False,
        help_text=_("The agglomeration's head office, where the coordination cell works."),
    )
    rooms_open_from = models.TimeField(
        _("rooms bookable from"), default=datetime.time(8, 30),
        help_text=_("Default start of the bookable hours of this library's rooms."),
    )
    rooms_open_until = models.TimeField(
        _("rooms bookable until"), default=datetime.time(19, 0),
        help_text=_("Default end of the bookable hours of this library's rooms."),
    )

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_head_office"], condition=Q(is_head_office=True), name="library_single_head_office"
            ),
            models.CheckConstraint(condition=Q(rooms_open_until__gt=F("rooms_open_from")),
                                   name="library_rooms_hours_ordered"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:library", kwargs={"slug": self.slug})

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]


class PersonKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Volunteer")
    ELECTED = "elected", _("Elected official")
    COORDINATION = "coordination", _("Coordination")


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, text: str):
        query = Q()
        for word in text.split():
            query &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(job_title__icontains=word)
        return self.filter(query)


class Person(models.Model):
    """Someone of the network as the directory shows them, with or without an account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="person",
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    library = models.ForeignKey(
        Library, verbose_name=_("library"), on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PersonKind.choices, default=PersonKind.PROFESSIONAL)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    mentor = models.ForeignKey(
        "self", verbose_name=_("mentor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="mentees", help_text=_("For volunteers: the professional who follows them."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("id")), name="person_not_own_mentor"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("directory:person", kwargs={"pk": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def email(self) -> str:
        return self.user.email if self.user_id else ""
