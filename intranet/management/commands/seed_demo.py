import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from intranet.hooks import DEMO_SEEDERS, registered


class Command(BaseCommand):
    help = "Build the demo network (idempotent). --scale N multiplies libraries and people by N."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Size of the network, 1 = the reference network.")
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG=False (never in production).")

    def handle(self, *args, scale, force, **options):
        if scale < 1 or scale > 50:
            raise CommandError("--scale must be between 1 and 50.")
        if not settings.DEBUG and not force:
            raise CommandError("DEBUG is off: this looks like production. Refusing to add demo data "
                               "(use --force if you really mean it).")
        started = time.monotonic()
        for seeder in registered(DEMO_SEEDERS):
            step = time.monotonic()
            self.stdout.write(f"Seeding {seeder.name}…", ending="")
            self.stdout.flush()
            counts = seeder.run(scale=scale)
            summary = ", ".join(f"{label}: {count}" for label, count in counts.items())
            self.stdout.write(f" {summary} ({time.monotonic() - step:.1f} s)")
        # With the database task backend (production settings) Wagtail queues each page's index update
        # until a worker runs it: index everything now, so that search finds the demo pages at once.
        step = time.monotonic()
        self.stdout.write("Updating the search index…", ending="")
        self.stdout.flush()
        call_command("update_index", verbosity=0, stdout=self.stdout)
        self.stdout.write(f" ({time.monotonic() - step:.1f} s)")
        self.stdout.write(self.style.SUCCESS(f"Demo network ready in {time.monotonic() - started:.1f} s."))
