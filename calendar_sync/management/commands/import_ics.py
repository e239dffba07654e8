"""manage.py import_ics FILE --calendar SLUG [--dry-run] [--as EMAIL]
   manage.py import_ics FILE --rooms --as EMAIL [--dry-run]

Imports an .ics file into a network calendar, or as room bookings made by the person EMAIL (of the
coordination). A progress bar goes to stderr, the report to stdout; a refused file exits with a
non-zero code, its reason on stderr, and nothing is imported."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed
from intranet.models import Person

from ...importing import ImportRefused, import_bookings, import_into_calendar
from ...importing.reader import check_size
from ...importing.report import report_lines
from ...models import EventSource, NetworkCalendar

BAR_WIDTH = 30


class ProgressBar:
    """`[#####-----]  200/2000` rewritten in place on stderr (one line per call when it is not a terminal)."""

    def __init__(self, stream, label: str):
        self.stream, self.label, self.shown = stream, label, -1
        self.in_place = stream.isatty() if hasattr(stream, "isatty") else False

    def __call__(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        if filled == self.shown and done != total:
            return
        self.shown = filled
        line = f"{self.label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done}/{total}"
        if self.in_place:
            self.stream.write("\r" + line, ending="\n" if done >= total else "")
        else:
            self.stream.write(line)
        self.stream.flush()


class Command(BaseCommand):
    help = "Import an .ics file into a network calendar, or as room bookings."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .ics file")
        parser.add_argument("--calendar", help="slug of the network calendar to import into")
        parser.add_argument("--rooms", action="store_true", help="book the events in the rooms their place names")
        parser.add_argument("--as", dest="as_email", help="email of the person importing (required with --rooms)")
        parser.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")

    def handle(self, *args, file, calendar, rooms, as_email, dry_run, **options):
        translation.activate(settings.LANGUAGE_CODE)
        if bool(calendar) == bool(rooms):
            raise CommandError(_("Give either --calendar SLUG or --rooms."))
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": file})
        by = None
        if as_email:
            by = (Person.objects.filter(user__email__iexact=as_email, user__is_active=True)
                  .select_related("user").first())
            if by is None:
                raise CommandError(_("No active account has the email %(email)s.") % {"email": as_email})
        elif rooms:
            raise CommandError(_("--rooms needs --as EMAIL: the person of the coordination who books."))
        progress = ProgressBar(self.stderr, path.name)
        try:
            check_size(path.stat().st_size)  # before reading: a huge file is never loaded
            data = path.read_bytes()
            if rooms:
                report = import_bookings(data=data, by=by, dry_run=dry_run, filename=path.name, progress=progress)
            else:
                target = NetworkCalendar.objects.filter(slug=calendar).first()
                if target is None:
                    raise CommandError(_("No network calendar has the slug « %(slug)s ».") % {"slug": calendar})
                report = import_into_calendar(calendar=target, data=data, source=EventSource.IMPORTED, by=by,
                                              dry_run=dry_run, filename=path.name, progress=progress)
        except ImportRefused as refused:
            raise CommandError(_("Import refused: %(reason)s") % {"reason": refused.message}) from refused
        except NotAllowed as refused:
            raise CommandError(str(refused)) from refused
        for line in report_lines(report):
            self.stdout.write(line)
