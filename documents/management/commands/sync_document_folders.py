"""manage.py sync_document_folders: the library's folders for the network (the well-known folders, one per
body and per library), then the documents of every published tutorial filed in « Tutoriels et procédures ».
Idempotent: a second run makes and moves nothing."""

from django.core.management.base import BaseCommand

from documents.services import folders_sync
from documents.tutorial_documents import tutorials_documents_file


class Command(BaseCommand):
    help = ("Make the missing folders of the document library (network, bodies, libraries) and file the "
            "documents of published tutorials in « Tutoriels et procédures ».")

    def handle(self, *args, **options):
        made = folders_sync()
        filed = tutorials_documents_file()
        self.stdout.write(f"Folders made: network {made['network']}, bodies {made['bodies']}, "
                          f"libraries {made['libraries']}.")
        self.stdout.write(f"Tutorial documents filed: {filed}.")
