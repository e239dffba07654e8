"""Reads of the document library, each at a constant number of queries whatever the number of
folders and documents (documents.permissions finds the readable folders in one query)."""

from wagtail.models import Collection

from .permissions import readable_collection_ids


def top_folders(user) -> list[Collection]:
    """The folders right under the root that this user may read, by name."""
    root = Collection.get_first_root_node()
    readable = readable_collection_ids(user)
    return [folder for folder in root.get_children().order_by("name") if folder.pk in readable]
