"""A feed's answer: its ETag from a cheap fingerprint (no document built for a 304), the document
from the cache when the same fingerprint was built before, else written by feed_writer."""

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from intranet.roles import roles_of

from ..feed_writer import feed_document
from ..permissions import approved_room_ids
from .bookings import Window

CACHE_PREFIX = "calendar-feed:"


def viewer_state(token) -> tuple:
    """What of the token's person changes what a feed shows them: their roles and the rooms they
    approve (private titles), and the token itself."""
    user = token.person.user
    return (token.pk, user.pk, user.is_superuser, tuple(sorted(roles_of(user))), tuple(sorted(approved_room_ids(user))))


def make_etag(*parts) -> str:
    return '"' + hashlib.sha256(repr(parts).encode()).hexdigest()[:40] + '"'


def feed_response(request: HttpRequest, *, token, what: tuple, fingerprint, changed: dt.datetime | None,
                  window: Window, name: str, events: Callable[[], list], filename: str) -> HttpResponse:
    """`what`: which feed (scope and slug); `fingerprint`: the rows' state; `events()` is only
    called when the document has to be built."""
    etag = make_etag(what, fingerprint, viewer_state(token), timezone.localdate(window.now).isoformat())
    last_modified = int((changed or token.created_at).timestamp())
    headers = {"ETag": etag, "Last-Modified": http_date(last_modified), "Cache-Control": "private, no-cache",
               "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        for header, value in headers.items():
            not_modified[header] = value
        return not_modified
    key = CACHE_PREFIX + etag.strip('"')
    document = cache.get(key)
    if document is None:
        document = feed_document(name=name, events=events(), now=window.now).encode()
        cache.set(key, document, settings.CALENDAR_FEED_REFRESH_MINUTES * 60)
    response = HttpResponse(document, content_type="text/calendar; charset=utf-8", headers=headers)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
