from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intranet.services import IMPORT_COLUMNS, MAX_IMPORT_BYTES, StaffImportError, staff_import


class Command(BaseCommand):
    help = (
        "Create or update accounts and directory entries from a CSV file (UTF-8, comma-separated) with the "
        f"columns: {', '.join(IMPORT_COLUMNS)}. Idempotent by email; new accounts get an invitation email. "
        "One bad row refuses the whole file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--no-invite", action="store_true", help="Do not send invitation emails.")

    def handle(self, *args, file: Path, no_invite: bool, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if file.stat().st_size > MAX_IMPORT_BYTES:  # checked before reading it into memory
            raise CommandError(_("%(file)s: the file is larger than %(size)s") % {
                "file": file, "size": filesizeformat(MAX_IMPORT_BYTES)})
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text (save it as « CSV UTF-8 »).") from exc
        try:
            report = staff_import(text=text, invite=not no_invite)
        except StaffImportError as refused:
            for problem in refused.errors:
                self.stderr.write(str(problem))
            count = len(refused.errors)
            raise CommandError(ngettext("%(count)d error: nothing was imported.",
                                        "%(count)d errors: nothing was imported.", count) % {"count": count}
                               ) from refused
        self.stdout.write(self.style.SUCCESS(
            f"{len(report.created)} account(s) created, {len(report.updated)} updated."
            + ("" if no_invite or not report.created else f" {len(report.created)} invitation(s) sent.")
        ))
