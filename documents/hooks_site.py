"""What the « Documents » section brings to the intranet's extension points: the site's search, the
library pages, the benchmarks."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.hooks import BENCHMARKS, LIBRARY_SECTIONS, SEARCH_SOURCES
from intranet.search import SearchHit, SearchSource
from intranet.sections import LibrarySection

from . import benchmarks, selectors


def search_hits(user, text: str, *, limit: int) -> list[SearchHit]:
    """The site's search: the documents this user may read, with their type and folder path."""
    found = selectors.with_details(list(selectors.search_documents(user, text)[:limit]))
    return [SearchHit(title=document.title, url=reverse("documents:document", args=[document.pk]),
                      kind=selectors.type_label(document), summary=" › ".join(document.folder_path),
                      when=document.date) for document in found]


@hooks.register(SEARCH_SOURCES)
def documents_search_sources():
    return [SearchSource("documents", _("Documents"), search_hits, order=30)]


def library_folder_section(request, library) -> dict | None:
    folder = selectors.library_home_folder(request.user, library)
    return {"folder": folder} if folder is not None else None


@hooks.register(LIBRARY_SECTIONS)
def documents_library_sections():
    return [LibrarySection("documents", _("Documents"), "documents/library_section.html", library_folder_section,
                           order=60)]


@hooks.register(BENCHMARKS)
def documents_benchmarks():
    return [
        Benchmark("documents_folder", benchmarks.folder_listing, order=700),
        Benchmark("documents_search", benchmarks.search, order=710),
    ]
