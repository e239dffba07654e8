"""A `caldav` client for one configured server, and the checks its URLs go through."""

import caldav
from django.conf import settings
from django.utils.translation import gettext as _

from .credentials import server_password
from .errors import SyncError
from .net import check_url

REASON_LENGTH = 160


def dav_client(server) -> caldav.DAVClient:
    """The client of `server`, its address checked like any fetched URL (no private address unless
    CALENDAR_SYNC_ALLOW_PRIVATE_URLS: a CalDAV server of the local network must be allowed explicitly)."""
    if not server.active:
        raise SyncError(_("The CalDAV server « %(name)s » is switched off.") % {"name": server.name})
    check_url(server.url)
    return caldav.DAVClient(url=server.url, username=server.username or None,
                            password=server_password(server) or None,
                            timeout=settings.CALENDAR_SYNC_TIMEOUT_SECONDS, enable_rfc6764=False)


def collection_url(link) -> str:
    check_url(link.calendar_url)
    return link.calendar_url if link.calendar_url.endswith("/") else link.calendar_url + "/"


def describe_error(exc: Exception) -> str:
    """What the admin listing shows of a failure the caldav library or the network raised."""
    if isinstance(exc, SyncError):
        return exc.message
    # The library's messages are long (a whole urllib3 chain): the start says enough.
    reason = " ".join(str(exc).split())[:REASON_LENGTH]
    if isinstance(exc, OSError):
        return _("The CalDAV server could not be reached (%(reason)s).") % {"reason": reason}
    return _("The CalDAV server refused the request (%(reason)s).") % {"reason": reason}
