"""The document library's entry in « Mes données » (intranet.personal_data): the documents a person
added (Wagtail's `uploaded_by_user`) and the Drive imports they asked for.

The export lists each document (title, folder, type, size, dates, address on the site), not the files
themselves: a document belongs to its folder, not to who added it; reading its file follows the
folder's rules (someone who left a body no longer reads its members-only folder), and a few scans or
a Takeout's worth of files would make « Mes données » a download of the library. The address leads to
the file for as long as the person may read it.

Leaving and anonymising change nothing here: the documents are the network's records and stay where
they are, and « Added by » keeps the name, as minutes keep theirs, because it tells colleagues where
a document came from. The name is the directory's (which the core keeps after the anonymisation);
an import's log keeps who asked for it for the same reason. There is no `leave` nor `anonymise`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from intranet.models import Person
from intranet.personal_data import PersonalData, Table, table

from . import selectors
from .models import DriveImport, NetworkDocument


def export(person: Person) -> list[Table]:
    """Three queries whatever the volume (none without an account): the documents, their folders'
    names from the top, the imports."""
    from .views.admin_import import STATUS_LABELS  # an import's own words (« Terminé », not « Faite »)

    user_id = person.user_id
    documents = (selectors.with_details(NetworkDocument.objects.filter(uploaded_by_user_id=user_id)
                                        .select_related("collection").order_by("created_at", "pk"))
                 if user_id else [])
    uploaded = table("documents", gettext_lazy("Documents I added"), {
        "title": gettext_lazy("Title"), "folder": gettext_lazy("Folder"), "type": gettext_lazy("Type"),
        "size": gettext_lazy("Size (bytes)"), "created_at": gettext_lazy("Added on"),
        "modified_at": gettext_lazy("Modified (Drive)"), "source_path": gettext_lazy("Imported from"),
        "url": gettext_lazy("Address"),
    }, ({"title": document.title, "folder": " › ".join(document.folder_path), "type": selectors.type_label(document),
         "size": document.file_size, "created_at": document.created_at, "modified_at": document.modified_at,
         "source_path": document.source_path, "url": reverse("documents:document", args=[document.pk])}
        for document in documents))
    imports = (DriveImport.objects.filter(requested_by_id=user_id).select_related("collection")
               .order_by("created_at", "pk") if user_id else [])
    drive = table("drive_imports", gettext_lazy("Drive imports I asked for"), {
        "archive": gettext_lazy("Archive"), "folder": gettext_lazy("Into the folder"),
        "created_at": gettext_lazy("Requested"), "status": gettext_lazy("Status"),
        "files_total": gettext_lazy("Files in the archive"), "as_drafts": gettext_lazy("Word files as drafts"),
        "dry_run": gettext_lazy("Trial run"), "finished_at": gettext_lazy("Finished"),
    }, ({"archive": item.archive_name, "folder": item.collection.name, "created_at": item.created_at,
         "status": str(STATUS_LABELS.get(item.status, item.status)), "files_total": item.files_total,
         "as_drafts": item.as_drafts,
         "dry_run": item.dry_run, "finished_at": item.finished_at} for item in imports))
    return [uploaded, drive]


PERSONAL_DATA_ENTRY = PersonalData(
    key="documents",
    title=gettext_lazy("Documents"),
    holds=gettext_lazy(
        "The documents you added to the library (title, folder, size, dates: your name shows as « Added by ») "
        "and the Drive imports you asked for. The export lists them; the files stay in the library."),
    purpose=gettext_lazy("Keep the network's documents together and say where each one came from."),
    legal_basis=gettext_lazy(
        "Public task of the member authorities (GDPR art. 6.1.e) and their duty to keep public records."),
    retention=gettext_lazy(
        "As long as the document is kept in the library: the documents are the network's records, and your "
        "name stays as who added them when you leave."),
    export=export, order=60,
)
