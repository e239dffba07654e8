"""Factories of the document library tests. Records made here skip the services' permission checks
(use them for the data a test stands on); files still pass the content check, so every document made
here is one a person could have uploaded."""

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import samples, services, uploads
from documents.models import NetworkDocument


def upload(name: str, content: bytes | None = None, content_type: str = "application/octet-stream"):
    if content is None:
        content = samples.pdf_bytes(name)
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_document(collection, *, name: str = "Compte rendu.pdf", content: bytes | None = None, title: str = "",
                  by=None, tags=(), **fields) -> NetworkDocument:
    checked = uploads.check(upload(name, content))
    return services.store_document(collection=collection, checked=checked, title=title, tags=tags, by=by, **fields)


class FolderFactory:
    """FolderFactory(parent, "Procédures") -> a sub-folder with its parent's access."""

    def __new__(cls, parent, name: str = "Sous-dossier"):
        return services.folder_child(parent, name)[0]
