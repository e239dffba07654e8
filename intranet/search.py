"""What the site's search finds besides pages and people: records of the feature apps (meetings,
decisions...), each app declaring a `SearchSource` in its wagtail_hooks.py under
intranet.hooks.SEARCH_SOURCES. A source filters what the reader may read, and gives at most `limit`
hits at a constant number of queries; the search page shows each source's hits in its own
section."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .hooks import SEARCH_SOURCES, registered

HITS_PER_SOURCE = 10


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: Any = ""  # a label: « Réunion », « Décision »...
    summary: str = ""
    when: datetime | None = None


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: Any  # the heading of its section
    search: Callable[..., list[SearchHit]]  # search(user, text, *, limit) -> hits the user may read
    order: int = 100


def search_sources(user, text: str, *, limit: int = HITS_PER_SOURCE) -> list[dict]:
    """[{"source": ..., "hits": [...]}] for the sources that found something."""
    found = []
    for source in registered(SEARCH_SOURCES):
        if hits := source.search(user, text, limit=limit):
            found.append({"source": source, "hits": hits})
    return found
