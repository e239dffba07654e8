"""Leaving the network: the services behind Coordination's « Départ du réseau » screen and the
anonymisation that `send_reminders` runs once the retention period is over.

Every app closes and erases its own rows through its `PersonalData` entry (intranet.personal_data);
these services hold the rules that are the same for all: who may leave, who takes over, in one
transaction, and a dry run that runs everything and rolls it back.
"""

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import NotAllowed, Refused
from .models import Departure, Person
from .personal_data import Change, personal_data_sources
from .roles import Role, has_role


class DepartureRefused(Refused):
    """The departure cannot be recorded as asked; `message` says why, in the reader's language."""


@dataclass
class DepartureReport:
    person: Person
    dry_run: bool
    changes: list[Change] = field(default_factory=list)

    def count(self, key: str) -> int:
        return sum(change.count for change in self.changes if change.key == key)


def _handover_needed(person: Person) -> list[str]:
    """What someone must take over, in words, for the refusal when nobody is named."""
    from wagtail.models import Page

    needs = []
    mentees = Person.objects.filter(mentor=person, active=True).count()
    if mentees:
        needs.append(_("%(count)d mentee(s)") % {"count": mentees})
    if person.user_id:
        pages = Page.objects.filter(owner_id=person.user_id).count()
        if pages:
            needs.append(_("%(count)d page(s)") % {"count": pages})
    return needs


def _rows(changes: list[Change]) -> list[dict]:
    return [asdict(change) for change in changes]


def person_leave(*, person: Person, by: Person | None, successor: Person | None = None,
                 dry_run: bool = False, now: datetime | None = None) -> DepartureReport:
    """Close everything of `person` at once: the account, feed tokens, open bookings, memberships...
    (each app's `leave`), handing mentees and pages to `successor`. With `dry_run`, the same work is
    done and rolled back: the report lists exactly what would change, and nothing is sent."""
    now = now or timezone.now()
    if by is not None and not has_role(by.user, Role.COORDINATION):
        raise NotAllowed(_("Only the coordination records that someone has left the network."))
    with transaction.atomic():
        person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
        if Departure.objects.filter(person=person).exists():
            raise DepartureRefused(_("%(name)s has already left the network.") % {"name": person.full_name})
        if successor is not None:
            if successor.pk == person.pk:
                raise DepartureRefused(_("Name someone else than the person who leaves to take over."))
            if not successor.active or Departure.objects.filter(person=successor).exists():
                raise DepartureRefused(_("%(name)s has left the network: name someone still in it.")
                                       % {"name": successor.full_name})
        elif needs := _handover_needed(person):
            raise DepartureRefused(_("Name someone to take over %(what)s.") % {"what": _(" and ").join(needs)})
        departure = Departure.objects.create(person=person, left_at=now, recorded_by=by, successor=successor)
        changes: list[Change] = []
        for source in personal_data_sources():
            if source.leave is not None:
                changes.extend(source.leave(departure))
        departure.changes = _rows(changes)
        departure.save(update_fields=["changes"])
        if dry_run:
            transaction.set_rollback(True)
    return DepartureReport(person=person, dry_run=dry_run, changes=changes)


def anonymisation_due(*, now: datetime | None = None):
    """Departures whose retention period is over and that are not anonymised yet."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.DEPARTED_RETENTION_DAYS)
    return Departure.objects.filter(anonymised_at__isnull=True, left_at__lte=limit).select_related("person")


def person_anonymise(*, departure: Departure, dry_run: bool = False,
                     now: datetime | None = None) -> DepartureReport:
    """Erase what must not be kept of someone who left (each app's `anonymise`); the name stays where
    a record needs it (minutes, decisions, bookings history)."""
    now = now or timezone.now()
    with transaction.atomic():
        departure = (Departure.objects.select_for_update(of=("self",)).select_related("person__user")
                     .get(pk=departure.pk))
        if departure.anonymised_at is not None:
            return DepartureReport(person=departure.person, dry_run=dry_run)
        changes: list[Change] = []
        for source in personal_data_sources():
            if source.anonymise is not None:
                changes.extend(source.anonymise(departure.person))
        departure.anonymised_at = now
        departure.anonymised_changes = _rows(changes)
        departure.save(update_fields=["anonymised_at", "anonymised_changes"])
        if dry_run:
            transaction.set_rollback(True)
    return DepartureReport(person=departure.person, dry_run=dry_run, changes=changes)


def departed_anonymise(*, dry_run: bool = False, now: datetime | None = None) -> list[DepartureReport]:
    """Every departure that is due, each in its own transaction (one failure keeps the others)."""
    return [person_anonymise(departure=departure, dry_run=dry_run, now=now)
            for departure in anonymisation_due(now=now).order_by("left_at", "pk")]
