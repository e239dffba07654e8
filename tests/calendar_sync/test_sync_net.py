"""Safe fetching of remote calendars (calendar_sync.sync.net) against a local HTTP server."""

import socket

import pytest

from calendar_sync.sync import net
from calendar_sync.sync.net import FetchError

from .sync_servers import LocalHTTPServer, Route

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def server():
    with LocalHTTPServer() as running:
        yield running


@pytest.fixture
def private_allowed(settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = True
    return settings


def test_a_private_url_is_refused_when_the_setting_is_off(server, settings):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    server.routes["/agenda.ics"] = Route(body=ICS)
    with pytest.raises(FetchError, match="réseau privé"):
        net.fetch(server.url("/agenda.ics"))
    assert server.requests == []  # refused before connecting


def test_a_private_url_is_fetched_when_the_setting_is_on(server, private_allowed):
    server.routes["/agenda.ics"] = Route(body=ICS, headers={"ETag": '"v1"',
                                                            "Last-Modified": "Tue, 10 Mar 2026 08:00:00 GMT"})
    fetched = net.fetch(server.url("/agenda.ics"))
    assert (fetched.status, fetched.content, fetched.etag) == (200, ICS, '"v1"')
    assert fetched.last_modified == "Tue, 10 Mar 2026 08:00:00 GMT"


def test_the_etag_is_sent_back_and_a_304_says_nothing_changed(server, private_allowed):
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Route(status=304, headers={"ETag": '"v1"'})
        return Route(body=ICS, headers={"ETag": '"v1"'})

    server.routes["/agenda.ics"] = Route(handler=conditional)
    first = net.fetch(server.url("/agenda.ics"))
    second = net.fetch(server.url("/agenda.ics"), etag=first.etag, last_modified="Tue, 10 Mar 2026 08:00:00 GMT")
    assert not first.not_modified and second.not_modified and second.content == b""
    assert server.requests[1][1]["If-Modified-Since"] == "Tue, 10 Mar 2026 08:00:00 GMT"


def test_redirects_are_followed_up_to_the_limit(server, private_allowed):
    private_allowed.CALENDAR_SYNC_MAX_REDIRECTS = 3
    for hop in range(3):
        server.routes[f"/r{hop}"] = Route(status=302, headers={"Location": f"/r{hop + 1}"})
    server.routes["/r3"] = Route(body=ICS)
    fetched = net.fetch(server.url("/r0"))
    assert fetched.content == ICS and fetched.url == server.url("/r3")


def test_a_redirect_chain_over_the_limit_is_refused(server, private_allowed):
    private_allowed.CALENDAR_SYNC_MAX_REDIRECTS = 3
    for hop in range(4):
        server.routes[f"/r{hop}"] = Route(status=301, headers={"Location": f"/r{hop + 1}"})
    server.routes["/r4"] = Route(body=ICS)
    with pytest.raises(FetchError, match="plus de 3 fois"):
        net.fetch(server.url("/r0"))
    assert [path for path, _headers in server.requests] == ["/r0", "/r1", "/r2", "/r3"]


def test_a_redirect_to_a_private_address_is_refused(server, settings, monkeypatch):
    """The first URL is public (its name resolves to a public address, served here by the local
    server), the redirect goes to 127.0.0.1: refused once resolved, before connecting."""
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    port = server.httpd.server_address[1]
    server.routes["/public.ics"] = Route(status=302, headers={"Location": f"http://127.0.0.1:{port}/secret"})
    server.routes["/secret"] = Route(body=b"internal")
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "agenda.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port))]
        return real_getaddrinfo(host, *args, **kwargs)

    connected = []
    real_create_connection = socket.create_connection

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        # The public name is served by the local server, so the test stays offline.
        return real_create_connection(("127.0.0.1", port) if address[0] == "93.184.215.14" else address,
                                      *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(FetchError, match="réseau privé"):
        net.fetch(f"http://agenda.example.org:{port}/public.ics")
    assert connected == [("93.184.215.14", port)]  # the checked address, and never 127.0.0.1
    assert [path for path, _headers in server.requests] == ["/public.ics"]


def test_a_name_resolving_to_a_private_address_is_refused(settings, monkeypatch):
    settings.CALENDAR_SYNC_ALLOW_PRIVATE_URLS = False
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 443)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 443))])
    with pytest.raises(FetchError, match="réseau privé"):
        net.check_url("https://rebind.example.org/agenda.ics")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.1.1", "172.16.0.1", "169.254.169.254",
                                     "224.0.0.1", "0.0.0.0", "240.0.0.1", "::1", "fe80::1", "::ffff:127.0.0.1",
                                     "100.64.0.1"])
def test_private_and_reserved_addresses_are_refused(address):
    assert net.address_refused(address)


def test_a_public_address_is_allowed():
    assert not net.address_refused("93.184.215.14")


def test_webcal_is_fetched_as_https_and_other_schemes_are_refused(settings):
    assert net.normalise_url("webcal://agenda.example.org/a.ics") == "https://agenda.example.org/a.ics"
    with pytest.raises(FetchError, match="http, https et webcal"):
        net.fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="http, https et webcal"):
        net.fetch("ftp://agenda.example.org/a.ics")


def test_a_file_over_the_size_cap_is_refused_while_streaming(server, private_allowed):
    private_allowed.CALENDAR_IMPORT_MAX_BYTES = 1024 * 1024
    big = b"X" * (1024 * 1024 + 10)
    # No Content-Length: the cap is enforced while reading, not only from the header.
    server.routes["/big.ics"] = Route(body=big, headers={"Content-Length": str(len(big))})
    with pytest.raises(FetchError, match="1 Mo"):
        net.fetch(server.url("/big.ics"))


def test_a_stream_over_the_size_cap_without_length_is_cut(server, private_allowed, monkeypatch):
    private_allowed.CALENDAR_IMPORT_MAX_BYTES = 1024 * 1024
    reads = []
    real_read = net._read_capped

    def spy(response, **kwargs):
        response.getheader = lambda name, default=None: None  # as if no Content-Length was sent
        reads.append(True)
        return real_read(response, **kwargs)

    monkeypatch.setattr(net, "_read_capped", spy)
    server.routes["/stream.ics"] = Route(body=b"Y" * (3 * 1024 * 1024))
    with pytest.raises(FetchError, match="Mo"):
        net.fetch(server.url("/stream.ics"))
    assert reads


def test_a_slow_server_times_out(server, private_allowed):
    private_allowed.CALENDAR_SYNC_TIMEOUT_SECONDS = 0.5
    server.routes["/slow.ics"] = Route(body=ICS, delay=2)
    with pytest.raises(FetchError, match="trop de temps"):
        net.fetch(server.url("/slow.ics"))


def test_an_error_status_is_reported(server, private_allowed):
    server.routes["/gone.ics"] = Route(status=410, body=b"gone")
    with pytest.raises(FetchError, match="410"):
        net.fetch(server.url("/gone.ics"))
