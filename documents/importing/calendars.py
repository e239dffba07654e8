"""The calendars of a Takeout (Calendar/*.ics, « Agenda » in French exports): each goes through the
calendar-sync importer (calendar_sync.importing.import_into_calendar, its guards and its idempotence
by UID) into a network calendar named after the file, made when missing for the staff to read and
the coordination to edit (calendar_sync.permissions.can_edit_calendar)."""

import os

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from calendar_sync.importing import ImportRefused, import_into_calendar, read_calendar
from calendar_sync.models import CalendarAudience, EventSource, NetworkCalendar
from intranet.text import clean_line

from .report import Outcome

MAX_NAME = 120
MAX_SLUG = 140


def calendar_name(filename: str) -> str:
    name = clean_line(os.path.splitext(filename)[0])[:MAX_NAME].strip()
    return name or _("Imported calendar")


def calendar_slug(name: str) -> str:
    return (slugify(name)[:MAX_SLUG].strip("-") or "agenda-importe")


def import_calendar_file(data: bytes, *, filename: str, dry_run: bool = False) -> tuple[Outcome, str]:
    """(Outcome.CALENDAR, what the importer did) or (Outcome.REFUSED, why)."""
    name = calendar_name(filename)
    slug = calendar_slug(name)
    calendar = NetworkCalendar.objects.filter(slug=slug).first()
    try:
        if calendar is None and dry_run:
            parsed = read_calendar(data)
            return Outcome.CALENDAR, _("New calendar « %(name)s »: %(count)d events would be added.") % {
                "name": name, "count": len(parsed.events)}
        with transaction.atomic():  # a refused file leaves no empty calendar behind
            if calendar is None:
                calendar, _created = NetworkCalendar.objects.get_or_create(
                    slug=slug, defaults={"name": name, "audience": CalendarAudience.STAFF})
            summary = import_into_calendar(calendar=calendar, data=data, source=EventSource.IMPORTED, by=None,
                                           dry_run=dry_run, filename=filename)
    except ImportRefused as refused:
        return Outcome.REFUSED, refused.message
    return Outcome.CALENDAR, _(
        "Calendar « %(name)s »: %(new)d new, %(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped."
    ) % {"name": calendar.name, "new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged,
         "skipped": summary.skipped}
