from django.db import models
from django.utils.translation import gettext_lazy as _


class Departure(models.Model):
    """A person who left the network: when, who recorded it, who took over their mentees and pages,
    and what was closed. Once `DEPARTED_RETENTION_DAYS` have passed, what must not be kept is erased
    (`anonymised_at`)."""

    person = models.OneToOneField("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                                  related_name="departure")
    left_at = models.DateTimeField(_("left on"))
    recorded_by = models.ForeignKey("intranet.Person", verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    successor = models.ForeignKey("intranet.Person", verbose_name=_("handed over to"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    changes = models.JSONField(_("what was closed"), default=list, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True)
    anonymised_changes = models.JSONField(_("what was erased"), default=list, blank=True)

    class Meta:
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        ordering = ["-left_at"]
        indexes = [models.Index(fields=["anonymised_at", "left_at"], name="departure_due_idx")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(successor=models.F("person")),
                                   name="departure_not_own_successor"),
        ]

    def __str__(self):
        return str(self.person)
