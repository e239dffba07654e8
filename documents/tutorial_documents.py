"""« Documents attached to tutorials appear in their collection »: when a tutorial is published, the
documents its body uses (its « document to download » blocks and the document links of its rich
text) that sit in no folder of the library yet (Wagtail's root collection, or a collection with no
access: Coordination's alone, so the tutorial's readers would get 404 on the link) are filed in
« Tutoriels et procédures ». A staff-only tutorial's documents go to its sub-folder « Réservé au
personnel », which only the staff read, so filing never shows a document to more people than the
page. Documents already in a folder stay where they are.

documents.signals calls tutorial_documents_file on page_published; `manage.py sync_document_folders`
files the documents of every published tutorial (for pages published before this existed)."""

from django.db import transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Collection

from . import services
from .models import FolderAccess, FolderKey, Readers, Writers

STAFF_SUB_FOLDER = "Réservé au personnel"


def referenced_document_ids(page) -> set[int]:
    """The documents the page's body uses, read from the StreamField itself (blocks and rich text
    links alike), so that it does not wait for Wagtail's reference index to be updated."""
    field = page._meta.get_field("body")
    return {
        int(object_id)
        for to_model, object_id, _model_path, _content_path in field.extract_references(page.body)
        if isinstance(to_model, type) and issubclass(to_model, AbstractDocument) and str(object_id).isdigit()
    }


def _folder_for(page) -> Collection:
    from tutorials.models import Audience

    tutorials = services.well_known_folder(FolderKey.TUTORIALS)
    if page.audience != Audience.STAFF:
        return tutorials
    folder, made = services.folder_child(tutorials, STAFF_SUB_FOLDER)
    if made:
        FolderAccess.objects.filter(collection=folder).update(readers=Readers.STAFF, writers=Writers.STAFF,
                                                             inherited=False)
    return folder


@transaction.atomic
def tutorial_documents_file(*, page) -> int:
    """File the page's stray documents in the tutorials' folder -> how many were moved. No permission
    check: it follows a publication, which Wagtail's own rules allowed."""
    ids = referenced_document_ids(page)
    if not ids:
        return 0
    stray = list(get_document_model().objects.filter(pk__in=sorted(ids)).filter(
        Q(collection__depth=1) | Q(collection__access__isnull=True)).order_by("pk"))
    if not stray:
        return 0
    folder = _folder_for(page)
    for document in stray:  # one save each (a page uses a few): the search index follows the folder
        document.collection = folder
        document.save(update_fields=["collection"])
    return len(stray)


def tutorials_documents_file() -> int:
    """tutorial_documents_file for every published tutorial -> how many documents were moved."""
    from tutorials.models import TutorialPage

    return sum(tutorial_documents_file(page=page) for page in TutorialPage.objects.live().order_by("pk"))
