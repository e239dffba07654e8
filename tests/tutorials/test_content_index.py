"""The « Tutoriels & procédures » index: the pages the reader may read, filtered by topic, kind,
audience, tag and text, sorted by title or last update, paginated; bad input answers 400 with the
message by its field; the navigation's entry leads there."""

import pytest

from intranet.roles import Role
from tests.tutorials.factories import TopicFactory, TutorialFactory, make_tutorials
from tutorials.models import Audience, TutorialIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_url():
    return TutorialIndexPage.objects.get().url


@pytest.fixture
def library_pages(clock):
    welcome, it = TopicFactory(name="Accueil et inscriptions"), TopicFactory(name="Informatique et maintenance")
    pages = {
        "inscrire": TutorialFactory(title="Inscrire un nouvel usager", kind="procedure", topic=welcome,
                                    audience=Audience.EVERYONE, summary="La carte unique du réseau."),
        "panne": TutorialFactory(title="Déclarer une panne informatique", kind="procedure", topic=it,
                                 audience=Audience.STAFF, summary="Le circuit d'alerte."),
        "conte": TutorialFactory(title="Animer une heure du conte", kind="tutorial", topic=welcome,
                                 audience=Audience.VOLUNTEERS, summary="Pour les 3-6 ans."),
        "lexique": TutorialFactory(title="Lexique du réseau", kind="reference", topic=welcome,
                                   audience=Audience.EVERYONE, summary="Les mots du réseau."),
    }
    pages["panne"].tags.add("alerte")
    pages["panne"].save()
    return pages


def titles(response) -> list[str]:
    return [page.title for page in response.context["results"]]


@pytest.mark.parametrize(("role", "seen"), [
    (Role.COORDINATION, 4), (Role.REFERENTS, 4), (Role.STAFF, 4), (Role.VOLUNTEERS, 3), (Role.ELECTED, 2),
])
def test_the_index_lists_the_pages_of_the_readers_audience(role, seen, account, client_as, index_url, library_pages):
    response = client_as(account(role)).get(index_url)
    assert response.status_code == 200
    assert len(titles(response)) == seen
    html = response.content.decode()
    assert ("Déclarer une panne informatique" in html) == (seen == 4)


def test_filters_by_topic_kind_tag_and_text(client_staff, index_url, library_pages):
    topic = library_pages["panne"].topic
    assert titles(client_staff.get(index_url, {"topic": topic.slug})) == ["Déclarer une panne informatique"]
    assert titles(client_staff.get(index_url, {"kind": "reference"})) == ["Lexique du réseau"]
    assert titles(client_staff.get(index_url, {"tag": "Alerte"})) == ["Déclarer une panne informatique"]
    assert titles(client_staff.get(index_url, {"q": "carte unique"})) == ["Inscrire un nouvel usager"]
    assert titles(client_staff.get(index_url, {"audience": "volunteers"})) == ["Animer une heure du conte"]


def test_most_used_tags_are_links_and_follow_the_audience(client_staff, client_volunteer, index_url, library_pages):
    assert '<a href="?tag=alerte">alerte</a>' in client_staff.get(index_url).content.decode()
    assert "?tag=alerte" not in client_volunteer.get(index_url).content.decode()


def test_sorted_by_title_or_by_last_update(client_staff, index_url, library_pages, clock):
    clock.shift(days=1)
    library_pages["inscrire"].save_revision().publish()
    assert titles(client_staff.get(index_url))[0] == "Animer une heure du conte"
    assert titles(client_staff.get(index_url, {"sort": "updated"}))[0] == "Inscrire un nouvel usager"


@pytest.mark.parametrize("query", [{"topic": "nope"}, {"kind": "roman"}, {"sort": "random"}])
def test_bad_input_answers_400_with_the_message_by_its_field(client_staff, index_url, library_pages, query):
    response = client_staff.get(index_url, query)
    assert response.status_code == 400
    field = next(iter(query))
    assert f'id="id_{field}_error"' in response.content.decode()


def test_a_volunteer_cannot_filter_on_the_staff_audience(client_volunteer, index_url, library_pages):
    assert client_volunteer.get(index_url, {"audience": "staff"}).status_code == 400


def test_the_list_is_paginated_by_twenty(client_staff, index_url):
    make_tutorials(25, audience=Audience.EVERYONE)
    first = client_staff.get(index_url)
    assert len(titles(first)) == 20
    assert len(titles(client_staff.get(index_url, {"page": 2}))) == 5


def test_the_navigation_leads_everyone_to_the_section(as_each_role, index_url):
    html = as_each_role.client.get("/").content.decode()
    assert '<a href="/formation/tutoriels/">Tutoriels</a>' in html
    response = as_each_role.client.get("/formation/tutoriels/")
    assert response.status_code == 302 and response.url == index_url


@pytest.mark.parametrize("scale", [1, 10])
def test_the_index_runs_the_same_queries_at_1x_and_10x(scale, client_staff, index_url, library_pages,
                                                       django_assert_max_num_queries):
    make_tutorials(3 * scale, topic=library_pages["panne"].topic)
    client_staff.get("/")
    with django_assert_max_num_queries(25):
        assert client_staff.get(index_url, {"tag": "alerte", "sort": "updated"}).status_code == 200


def test_cards_drawn_once_show_a_renamed_topic_and_a_new_version(client_staff, index_url, library_pages, clock):
    client_staff.get(index_url)
    topic = library_pages["panne"].topic
    topic.name = "Informatique"
    topic.save()
    clock.shift(days=1)
    page = library_pages["lexique"]
    page.summary = "Les sigles du réseau."
    page.save_revision().publish()
    html = client_staff.get(index_url).content.decode()
    assert "Informatique et maintenance" not in html and "Informatique ·" in html
    assert "Les sigles du réseau." in html
