from django.conf import settings
from django.core.management.base import BaseCommand

from intranet.departures import anonymisation_due, person_anonymise


class Command(BaseCommand):
    help = ("Erase what must not be kept of the people who left the network more than DEPARTED_RETENTION_DAYS "
            "ago (send_reminders runs it too). --dry-run lists what would change and changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would change, change nothing")

    def handle(self, *args, dry_run: bool = False, **options):
        run_anonymisation(self.stdout, self.style, dry_run=dry_run)


def run_anonymisation(stdout, style, *, dry_run: bool = False) -> int:
    """Shared with send_reminders: one line per person with what was (or would be) erased."""
    due = list(anonymisation_due().order_by("left_at", "pk"))
    verb = "would erase" if dry_run else "erased"
    stdout.write(f"Anonymising the people who left more than {settings.DEPARTED_RETENTION_DAYS} days ago: "
                 f"{len(due)} due{' (dry run: nothing is changed)' if dry_run else ''}…")
    for index, departure in enumerate(due, start=1):
        report = person_anonymise(departure=departure, dry_run=dry_run)
        details = "; ".join(change.text for change in report.changes) or "nothing left to erase"
        stdout.write(f"  [{index}/{len(due)}] {report.person.full_name} (left {departure.left_at:%Y-%m-%d}): "
                     f"{verb} {details}")
    stdout.write(style.SUCCESS(f"{len(due)} departure(s) {'to anonymise' if dry_run else 'anonymised'}."))
    return len(due)
