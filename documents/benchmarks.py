"""What `make bench` measures of the « Documents » section, read by the demo staff member: the
listing of the demo folder holding the most documents among those staff read, and a search.
Declared in documents/hooks_site.py (intranet.hooks.BENCHMARKS)."""

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from wagtail.models import Collection

from .models import FolderKey, NetworkDocument, Readers
from .services import well_known_folder

SEARCH_TEXT = "compte rendu"


def busiest_folder() -> Collection:
    """The folder with the most documents that all staff may read (« Réseau » when none holds any)."""
    busiest = (NetworkDocument.objects.filter(collection__access__readers__in=[Readers.STAFF, Readers.NETWORK])
               .values("collection_id").annotate(documents=Count("pk")).order_by("-documents", "collection_id")
               .values_list("collection_id", flat=True).first())
    if busiest is None:
        return well_known_folder(FolderKey.NETWORK)
    return Collection.objects.get(pk=busiest)


def folder_listing() -> str:
    return reverse("documents:folder", args=[busiest_folder().pk])


def search() -> str:
    return f"{reverse('documents:search')}?{urlencode({'q': SEARCH_TEXT})}"
