"""PDFs of the agenda and the minutes, written by WeasyPrint in memory.

Each PDF is built from its own HTML string into bytes: no temporary file, so two people exporting
at the same moment each get their own meeting (4minitz wrote every PDF to one fixed file, and
people got each other's minutes).

WeasyPrint fetches what the HTML points to (stylesheets, images, fonts) through a URL fetcher. Ours
fetches nothing from the network or the disk at large: it serves the app's own static files,
which it reads itself through the staticfiles finders (or STATIC_ROOT once collected), and refuses
everything else - `file:` URLs, other hosts, `data:` URLs, a path that climbs out of the static
folders. Minutes are cleaned by bleach already (no <img>, no <link>); the fetcher is the second
lock on the door."""

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# What a print stylesheet may pull in.
SERVED_TYPES = {".css": "text/css", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
                ".otf": "font/otf", ".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg"}
MAX_STATIC_BYTES = 2 * 1024 * 1024


class FetchRefused(ValueError):
    """The PDF asked for something outside the app's static files. WeasyPrint logs it and goes on
    without it."""


class StaticOnlyFetcher:
    """A WeasyPrint URL fetcher that serves `<base_url><STATIC_URL>…` from the app's static files
    and refuses every other URL."""

    def __init__(self, base_url: str):
        self.static_prefix = _static_prefix(base_url)

    def __call__(self, url: str):
        path, body = self.read(url)
        return _response(url, body, SERVED_TYPES[Path(path).suffix.lower()])

    def read(self, url: str) -> tuple[str, bytes]:
        """(the static path, its bytes) of an allowed URL; FetchRefused for anything else."""
        if not url.startswith(self.static_prefix):
            raise FetchRefused(f"refused: {urlsplit(url).scheme or 'relative'} URL outside the static files")
        parts = urlsplit(url)
        relative = unquote(parts.path[len(urlsplit(self.static_prefix).path):])
        normalized = posixpath.normpath(relative)
        if (not relative or "\\" in relative or "\x00" in relative or normalized.startswith(("..", "/"))
                or normalized != relative):
            raise FetchRefused("refused: not a plain static path")
        if Path(normalized).suffix.lower() not in SERVED_TYPES:
            raise FetchRefused("refused: not a stylesheet, font or image")
        found = _find_static(normalized)
        if found is None:
            raise FetchRefused("refused: no such static file")
        if found.stat().st_size > MAX_STATIC_BYTES:
            raise FetchRefused("refused: static file too large")
        return normalized, found.read_bytes()


def _static_prefix(base_url: str) -> str:
    static_url = settings.STATIC_URL
    if urlsplit(static_url).scheme:  # an absolute STATIC_URL
        return static_url
    return base_url.rstrip("/") + "/" + static_url.lstrip("/")


def _find_static(relative: str) -> Path | None:
    """The file of a static path: the finders (development, tests), else STATIC_ROOT (collected,
    with the hashed names the manifest storage writes). Never outside those folders."""
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _response(url: str, body: bytes, content_type: str):
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # WeasyPrint < 68: fetchers return a dict
        return {"string": body, "mime_type": content_type, "redirected_url": url}
    return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def render_pdf(html: str, *, base_url: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """The PDF of an HTML document, in memory. `base_url`: the site's address (request's root), so
    that relative links and the static stylesheet resolve, and only there."""
    from weasyprint import HTML

    fetcher = fetcher or StaticOnlyFetcher(base_url)
    # A tagged PDF (structure tree, language, title from the HTML): headings, lists and tables reach a
    # screen reader (RGAA 13.3).
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_tags=True)

