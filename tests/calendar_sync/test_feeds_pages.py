"""The subscribe blocks: a webcal:// link, the https address in a read-only field, instructions for
Google Agenda, Outlook and Thunderbird; on the subscribe page, the room page, the library page and
the body page, each only for who may read the feed; constant query counts."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from calendar_sync.feeds.tokens import feed_token_for
from intranet.roles import Role

from .factories import NetworkCalendarFactory, RoomFactory


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def feed_fields(page: BeautifulSoup) -> dict[str, str]:
    """The label of each subscribe block -> the address in its read-only field."""
    blocks = {}
    for block in page.select(".feed-subscribe"):
        field = block.select_one("input[readonly]")
        label = block.find("label", attrs={"for": field["id"]})
        assert label is not None  # every field has its label
        assert block.select_one('a[href^="webcal://"]')["href"] == "webcal://" + field["value"].split("://")[1]
        assert [summary.get_text() for summary in block.select("details summary")] == [
            "Google Agenda", "Outlook", "Thunderbird"]
        blocks[block.select_one(".feed-subscribe__title").get_text(strip=True)] = field["value"]
    return blocks


def test_subscribe_page_lists_my_feed_the_calendars_i_read_and_my_library_rooms(client_as, organizer, room):
    NetworkCalendarFactory(name="Actions culturelles", audience="network")
    NetworkCalendarFactory(name="Réservé à la coordination", audience="groups")
    page = soup(client_as(organizer).get(reverse("agenda:subscribe")))
    assert page.h1.get_text() and page.select_one("nav.rooms-nav a[aria-current=page]")
    fields = feed_fields(page)
    key = feed_token_for(organizer).key
    assert any(value == f"http://testserver/agenda/flux/{key}/personnel.ics" for value in fields.values())
    assert fields["Actions culturelles"] == f"http://testserver/agenda/flux/{key}/agenda/actions-culturelles.ics"
    assert not any("coordination" in label for label in fields)
    assert any(value.endswith(f"/bibliotheque/{room.library.slug}.ics") for value in fields.values())


def test_the_room_page_offers_its_feed(client_as, organizer, room):
    page = soup(client_as(organizer).get(room.get_absolute_url()))
    fields = feed_fields(page)
    assert list(fields.values()) == [
        f"http://testserver/agenda/flux/{feed_token_for(organizer).key}/salle/{room.slug}.ics"]


def test_the_library_page_offers_its_rooms_feed_to_staff_not_to_elected_officials(client_as, organizer, member,
                                                                                 room):
    url = reverse("directory:library", kwargs={"slug": room.library.slug})
    fields = feed_fields(soup(client_as(organizer).get(url)))
    assert next(iter(fields.values())).endswith(f"/bibliotheque/{room.library.slug}.ics")
    elected = member(Role.ELECTED, first_name="Élu")
    assert feed_fields(soup(client_as(elected).get(url))) == {}


def test_the_body_page_offers_its_meetings_feed(client_as, organizer):
    from tests.governance.factories import BodyFactory

    body = BodyFactory(title="Comité technique", reading_rule="staff")
    fields = feed_fields(soup(client_as(organizer).get(body.url)))
    assert list(fields.values()) == [
        f"http://testserver/agenda/flux/{feed_token_for(organizer).key}/instance/{body.slug}.ics"]


def test_the_profile_section_has_regenerate_and_revoke_buttons(client_as, organizer):
    page = soup(client_as(organizer).get(reverse("profile")))
    forms = {form.get("action"): form for form in page.select("form[method=post]")}
    assert reverse("agenda:feed_token_regenerate") in forms and reverse("agenda:feed_token_revoke") in forms
    assert len(feed_fields(page)) == 1


@pytest.mark.parametrize("scale", [1, 10])
def test_subscribe_page_queries_do_not_grow(client_as, organizer, library, scale, django_assert_max_num_queries):
    for _n in range(3 * scale):
        NetworkCalendarFactory(audience="staff")
        RoomFactory(library=library)
    client = client_as(organizer)
    client.get(reverse("agenda:subscribe"))  # the token is made on the first visit
    with django_assert_max_num_queries(15):
        soup(client.get(reverse("agenda:subscribe")))


@pytest.mark.parametrize("scale", [1, 10])
def test_profile_and_library_pages_queries_do_not_grow(client_as, organizer, library, scale,
                                                       django_assert_max_num_queries):
    for _n in range(3 * scale):
        RoomFactory(library=library)
    client = client_as(organizer)
    for url in (reverse("profile"), reverse("directory:library", kwargs={"slug": library.slug})):
        client.get(url)
        with django_assert_max_num_queries(20):
            soup(client.get(url))
