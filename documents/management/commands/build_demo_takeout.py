"""manage.py build_demo_takeout [OUT.zip] [--files N]: write the demo Google Takeout (documents.demo_takeout)
to try the Drive import with; prints the archive's path."""

from django.core.management.base import BaseCommand, CommandError

from documents.demo_takeout import build_demo_takeout, default_path

MAX_GENERATED = 20_000


class Command(BaseCommand):
    help = "Write a small demo Google Takeout (Drive folders and files, a calendar) to try import_drive with."

    def add_arguments(self, parser):
        parser.add_argument("out", nargs="?", default="", help=f"Where to write it (default {default_path()}).")
        parser.add_argument("--files", type=int, default=0,
                            help="Also add N small generated files over 20 folders (to time a large import).")

    def handle(self, *args, out, files, **options):
        if not 0 <= files <= MAX_GENERATED:
            raise CommandError(f"--files must be between 0 and {MAX_GENERATED}.")
        path = build_demo_takeout(out or None, files=files)
        self.stdout.write(str(path))
