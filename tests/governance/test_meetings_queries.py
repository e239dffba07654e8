"""The meeting's pages run as many queries with ten times the items, attachments, actions and rooms
as with one; the site's search and the calendars' event source give only the meetings their
reader may see."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from calendar_sync.events import event_sources, personal_events, visible_events
from governance.models import Attachment, MeetingStatus, MembershipRole, ReadingRule
from intranet.models import NetworkSettings
from intranet.roles import Role
from intranet.search import search_sources
from tests.calendar_sync.factories import RoomFactory
from tests.factories import LibraryFactory

from .factories import ActionItemFactory, AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory

QUERY_BUDGET = 25


@pytest.fixture(autouse=True)
def _site_settings(db):
    # A running site has its settings row; making it inside a measured request would be noise.
    NetworkSettings.for_site(Site.objects.get(is_default_site=True))


def grow_meeting(meeting, scale: int, *, owner) -> None:
    """`scale` times: three items (each with a presenter and two attachments) and four open actions."""
    for index in range(3 * scale):
        item = AgendaItemFactory(meeting=meeting, position=index + 2, presenter=owner, duration_minutes=5)
        for name in ("ordre-du-jour.pdf", "annexe.odt"):
            Attachment.objects.create(item=item, file=f"governance/x/{name}", name=name,
                                      content_type="application/pdf", size=1000)
    for _index in range(4 * scale):
        ActionItemFactory(body=meeting.body, owner=owner, meeting=meeting)


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (site root paths, settings) as a running site has
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("scale", [1, 10])
def test_the_meeting_page_queries_do_not_grow(client_as, secretary, body, scale, django_assert_max_num_queries):
    meeting = MeetingFactory(body=body, room=RoomFactory())
    grow_meeting(meeting, scale, owner=secretary)
    client = client_as(secretary)
    client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(meeting.get_absolute_url())
    assert response.content.decode().count("annexe.odt") == 3 * scale


def test_the_meeting_page_runs_the_same_queries_at_1x_and_10x(client_as, secretary, body):
    client = client_as(secretary)
    small, large = MeetingFactory(body=body, room=RoomFactory()), MeetingFactory(body=body, room=RoomFactory())
    grow_meeting(small, 1, owner=secretary)
    grow_meeting(large, 10, owner=secretary)
    assert count_queries(client, small.get_absolute_url()) == count_queries(client, large.get_absolute_url())


def grow_network(body, scale: int) -> None:
    """`scale` times: five members in libraries with two rooms each, and rooms elsewhere."""
    for _index in range(5 * scale):
        library = LibraryFactory()
        RoomFactory(library=library)
        RoomFactory(library=library)
        MembershipFactory(body=body, person__library=library)
        RoomFactory()


@pytest.mark.parametrize("scale", [1, 10])
def test_the_meeting_form_queries_do_not_grow(client_as, secretary, body, scale, django_assert_max_num_queries):
    grow_network(body, scale)
    LibraryFactory(is_head_office=True)
    client = client_as(secretary)
    url = reverse("governance:meeting_create", args=[body.pk])
    client.get(url)
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url)
    # Never the whole network: at most the listed rooms, whatever the members' libraries.
    assert response.content.decode().count("<option") <= 31


def test_the_meeting_form_runs_the_same_queries_at_1x_and_10x(client_as, secretary, body, make_body, join):
    small, large = body, make_body(title="Groupe numérique")
    join(large, secretary, MembershipRole.SECRETARY)
    grow_network(small, 1)
    grow_network(large, 10)
    client = client_as(secretary)
    assert (count_queries(client, reverse("governance:meeting_create", args=[small.pk]))
            == count_queries(client, reverse("governance:meeting_create", args=[large.pk])))


# --- search -----------------------------------------------------------------------------------

@pytest.fixture
def bodies(db):
    return {
        "members": BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS),
        "staff": BodyFactory(title="Comité technique", reading_rule=ReadingRule.STAFF),
        "network": BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.NETWORK),
    }


@pytest.fixture
def meetings(bodies):
    return {rule: MeetingFactory(body=body, title=f"Séance budgétaire ({rule})") for rule, body in bodies.items()}


def found_titles(user, text="budgétaire") -> set[str]:
    return {hit.title for found in search_sources(user, text) if found["source"].key == "governance_meetings"
            for hit in found["hits"]}


SEES = {
    Role.COORDINATION: {"members", "staff", "network"},
    Role.REFERENTS: {"staff", "network"},
    Role.STAFF: {"staff", "network"},
    Role.VOLUNTEERS: {"network"},
    Role.ELECTED: {"network"},
}


def test_search_finds_only_the_meetings_of_bodies_the_reader_may_see(as_each_role, meetings):
    assert found_titles(as_each_role.user) == {meetings[rule].title for rule in SEES[as_each_role.role]}


def test_a_member_finds_the_meetings_of_their_members_only_body(account, bodies, meetings):
    user = account(Role.ELECTED)
    MembershipFactory(body=bodies["members"], person=user.person)
    assert meetings["members"].title in found_titles(user)


def test_search_finds_meetings_by_their_bodys_name_most_recent_first(account, bodies):
    older = MeetingFactory(body=bodies["staff"], title="Réunion de janvier", days_ahead=-40)
    newer = MeetingFactory(body=bodies["staff"], title="Réunion de mars", days_ahead=5)
    [found] = [found for found in search_sources(account(Role.STAFF), "comité technique")
               if found["source"].key == "governance_meetings"]
    assert [hit.title for hit in found["hits"]] == [newer.title, older.title]
    assert found["hits"][0].url == newer.get_absolute_url()


def test_the_search_page_does_not_show_a_hidden_meeting(client_volunteer, meetings):
    page = client_volunteer.get(reverse("search"), {"q": "budgétaire"}).content.decode()
    assert meetings["network"].title in page
    assert meetings["members"].title not in page
    assert meetings["staff"].title not in page


# --- the calendars' event source --------------------------------------------------------------

def window():
    from django.utils import timezone

    now = timezone.now()
    return now - dt.timedelta(days=60), now + dt.timedelta(days=60)


def meeting_titles(events) -> set[str]:
    return {event.title for event in events if event.source == "governance_meetings"}


def test_the_agenda_shows_the_meetings_the_reader_may_see_and_not_the_cancelled(as_each_role, meetings, bodies):
    MeetingFactory(body=bodies["network"], title="Séance annulée", status=MeetingStatus.CANCELLED)
    expected = {f"{meetings[rule].body.label} — {meetings[rule].title}" for rule in SEES[as_each_role.role]}
    assert meeting_titles(visible_events(as_each_role.user, *window())) == expected


def test_a_persons_feed_has_the_meetings_of_the_bodies_they_sit_on(account, bodies, meetings, clock):
    person = account(Role.ELECTED).person
    MembershipFactory(body=bodies["members"], person=person)
    MembershipFactory(body=bodies["staff"], person=person, since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 1))
    cancelled = MeetingFactory(body=bodies["members"], title="Séance annulée", status=MeetingStatus.CANCELLED)
    events = [event for event in personal_events(person, *window()) if event.source == "governance_meetings"]
    assert {event.title for event in events} == {
        f"Cellule de coordination — {meetings['members'].title}", "Cellule de coordination — Séance annulée"}
    by_uid = {event.uid: event for event in events}
    assert by_uid[cancelled.ical_uid].cancelled is True
    event = by_uid[meetings["members"].ical_uid]
    assert (event.start, event.end, event.sequence) == (meetings["members"].start, meetings["members"].end, 0)
    assert event.url == f"http://testserver{meetings['members'].get_absolute_url()}"
    assert event.location == "Salle du conseil"


def test_an_event_is_located_in_its_room(account, bodies):
    room = RoomFactory(name="Salle Glenmor", library=LibraryFactory(name="Médiathèque de Kerbréhat",
                                                                     address="2 rue des Écoles\n29000 Kerbréhat"))
    meeting = MeetingFactory(body=bodies["network"], room=room, place="", video_url="https://visio.example.fr/a")
    [event] = [event for event in visible_events(account(Role.STAFF), *window()) if event.uid == meeting.ical_uid]
    assert event.location == ("Salle Glenmor, Médiathèque de Kerbréhat — 2 rue des Écoles 29000 Kerbréhat"
                              " · https://visio.example.fr/a")


def test_the_event_source_queries_do_not_grow(account, bodies, django_assert_max_num_queries):
    user = account(Role.STAFF)
    for _index in range(20):
        MeetingFactory(body=bodies["staff"], room=RoomFactory())
    [meetings] = [source for source in event_sources() if source.key == "governance_meetings"]
    with django_assert_max_num_queries(4):
        meetings.visible(user, *window())
