"""Fetching a URL given by someone else without letting it reach inside the network (SSRF).

The host is resolved here, every address it resolves to is checked (private, loopback, link-local,
multicast, reserved and unspecified ones are refused unless CALENDAR_SYNC_ALLOW_PRIVATE_URLS is on),
and the connection goes to the address that was checked, not to a second resolution that a DNS
rebinding could swap. Redirects are followed by hand, each checked the same way, at most
CALENDAR_SYNC_MAX_REDIRECTS of them. The body is streamed and reading stops past
CALENDAR_IMPORT_MAX_BYTES; the whole exchange has CALENDAR_SYNC_TIMEOUT_SECONDS."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import SyncError

REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024
USER_AGENT = "intranet-reseau-calendar-sync/1.0"


class FetchError(SyncError):
    """The URL cannot or may not be fetched; `message` says why, in French."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when nothing changed
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query
    address: str  # the resolved, checked address to connect to


def normalise_url(url: str) -> str:
    """webcal:// (what calendar sites publish) is https://."""
    url = url.strip()
    lowered = url.lower()
    for prefix in ("webcals://", "webcal://"):
        if lowered.startswith(prefix):
            return "https://" + url[len(prefix):]
    return url


def address_refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or not ip.is_global)


def resolve(url: str) -> Target:
    """Check the URL and resolve its host to one allowed address (FetchError otherwise)."""
    url = normalise_url(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(_("The address « %(url)s » is not valid.") % {"url": url}) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(_("Only http, https and webcal addresses can be fetched, not « %(url)s ».") % {"url": url})
    host = parts.hostname
    if not host:
        raise FetchError(_("The address « %(url)s » has no server name.") % {"url": url})
    if parts.username or parts.password:
        raise FetchError(_("Addresses holding a user name or a password are refused."))
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(_("The server « %(host)s » cannot be found.") % {"host": host}) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(_("The server « %(host)s » cannot be found.") % {"host": host})
    # Every address is checked: a name resolving to a public and a private one is refused.
    if not settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS and any(address_refused(address) for address in addresses):
        raise FetchError(_("The server « %(host)s » is on a private or reserved network address: it is refused.")
                         % {"host": host})
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])


def check_url(url: str) -> str:
    """The normalised URL if it may be fetched (forms call it), else FetchError."""
    resolve(url)
    return normalise_url(url)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, the certificate verified against the URL's host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _read_capped(response: http.client.HTTPResponse, *, limit: int, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchError(_("The file is larger than %(size)s MB: it is refused.") % {"size": limit // (1024 * 1024)})
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(_("The server took too long to answer."))
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise FetchError(_("The file is larger than %(size)s MB: it is refused.")
                             % {"size": limit // (1024 * 1024)})
        chunks.append(chunk)


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url` (conditionally when `etag` or `last_modified` are given). FetchError for anything
    but a 200 or a 304, with a message for the people who set the subscription up."""
    timeout = settings.CALENDAR_SYNC_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    limit = settings.CALENDAR_IMPORT_MAX_BYTES
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = normalise_url(url)
    for _hop in range(settings.CALENDAR_SYNC_MAX_REDIRECTS + 1):
        target = resolve(current)
        connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(target, timeout=max(0.1, deadline - time.monotonic()))
        try:
            connection.request("GET", target.path, headers=headers)
            response = connection.getresponse()
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(_("The server redirected without saying where."))
                current = normalise_url(urljoin(current, location))
                continue
            if response.status == 304:
                return Fetched(url=current, status=304, etag=response.getheader("ETag") or etag,
                               last_modified=response.getheader("Last-Modified") or last_modified)
            if response.status != 200:
                raise FetchError(_("The server answered with the error %(status)s.") % {"status": response.status})
            content = _read_capped(response, limit=limit, deadline=deadline)
            return Fetched(url=current, status=200, content=content, etag=response.getheader("ETag") or "",
                           last_modified=response.getheader("Last-Modified") or "")
        except TimeoutError as exc:
            raise FetchError(_("The server took too long to answer.")) from exc
        except ssl.SSLError as exc:
            raise FetchError(_("The secure connection to the server failed (%(reason)s).")
                             % {"reason": exc.reason or exc}) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(_("The server could not be reached (%(reason)s).") % {"reason": exc}) from exc
        finally:
            connection.close()
    raise FetchError(_("The server redirected more than %(count)s times: the address is refused.")
                     % {"count": settings.CALENDAR_SYNC_MAX_REDIRECTS})
