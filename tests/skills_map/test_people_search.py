"""The section index's search of a skill, and the site's search: skills, and people by their skills (only
people shown by name, only for readers who see names)."""

import pytest
from django.urls import reverse

from intranet.search import search_sources
from skills_map.hooks_people import search_people_hits, search_skill_hits
from skills_map.models import Visibility
from tests.skills_map.factories import PersonFactory, PersonSkillFactory, SkillFactory, SkillProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rameau():
    return SkillFactory(name="RAMEAU", description="Indexer les documents avec le répertoire matière.")


def test_index_search_filters_the_taxonomy_without_a_query(client_staff, rameau, django_assert_max_num_queries):
    SkillFactory(name="Médiation numérique", domain=rameau.domain)
    client_staff.get(reverse("skills_map:index"))  # the taxonomy is cached from then on
    with django_assert_max_num_queries(8):
        response = client_staff.get(reverse("skills_map:index"), {"q": "mediation"})
    html = response.content.decode()
    assert "Médiation numérique" in html and reverse("skills_map:skill", kwargs={"slug": rameau.slug}) not in html
    assert "RAMEAU" in client_staff.get(reverse("skills_map:index"), {"q": "ram"}).content.decode()


def test_index_search_says_when_nothing_matches(client_staff, rameau):
    html = client_staff.get(reverse("skills_map:index"), {"q": "zzz"}).content.decode()
    assert "zzz" in html and "RAMEAU" not in html.split("</form>")[-1]


def test_skills_are_found_by_name_and_description_for_skills_users(staff_user, volunteer_user, elected_user, rameau):
    hits = search_skill_hits(staff_user, "rameau", limit=10)
    assert [(hit.title, hit.url) for hit in hits] == [("RAMEAU", rameau.get_absolute_url())]
    assert [hit.title for hit in search_skill_hits(volunteer_user, "répertoire matière", limit=10)] == ["RAMEAU"]
    assert search_skill_hits(elected_user, "rameau", limit=10) == []


def test_people_found_by_their_skills_only_when_named(staff_user, rameau):
    katell = PersonFactory(first_name="Katell", last_name="Morvan")
    hidden = PersonFactory(first_name="Ronan", last_name="Caradec")
    SkillProfileFactory(person=hidden, visibility=Visibility.AGGREGATE)
    volunteer = PersonFactory(first_name="Gwen", kind="volunteer")
    PersonSkillFactory(person=katell, skill=rameau, level=3)
    PersonSkillFactory(person=hidden, skill=rameau, level=4)
    PersonSkillFactory(person=volunteer, skill=rameau, level=4)
    hits = search_people_hits(staff_user, "RAMEAU", limit=10)
    assert [hit.title for hit in hits] == ["Katell Morvan — RAMEAU (Maîtrise)"]
    assert hits[0].url == katell.get_absolute_url()


def test_people_by_skill_are_not_for_readers_who_see_no_names(volunteer_user, elected_user, rameau):
    PersonSkillFactory(person=PersonFactory(first_name="Katell"), skill=rameau, level=3)
    assert search_people_hits(volunteer_user, "rameau", limit=10) == []
    assert search_people_hits(elected_user, "rameau", limit=10) == []


def test_people_search_is_bounded(staff_user, rameau, django_assert_max_num_queries):
    for _ in range(15):
        PersonSkillFactory(person=PersonFactory(), skill=rameau, level=2)
    search_people_hits(staff_user, "rameau", limit=10)  # the roles and the taxonomy, read once
    with django_assert_max_num_queries(1):
        assert len(search_people_hits(staff_user, "rameau", limit=10)) == 10


def test_the_site_search_page_shows_both_sections(client_staff, staff_user, rameau):
    PersonSkillFactory(person=PersonFactory(first_name="Katell", last_name="Morvan"), skill=rameau, level=3)
    keys = [found["source"].key for found in search_sources(staff_user, "rameau")]
    assert "skills" in keys and "people_by_skill" in keys
    html = client_staff.get(reverse("search"), {"q": "rameau"}).content.decode()
    assert "Katell Morvan — RAMEAU (Maîtrise)" in html and rameau.get_absolute_url() in html
