"""« Qui pourrait m'apprendre ? »: for each skill I want to learn, the active people (not me) who share it at
level 3 or more, named only if they may be and if I may see names, my library first, validated first,
bounded; a volunteer reads how many, never who."""

import datetime as dt

import pytest
from django.urls import reverse

from intranet.roles import Role
from skills_map.models import PersonSkill, Visibility
from tests.skills_map.factories import (
    LibraryFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillFactory,
    SkillProfileFactory,
)

pytestmark = pytest.mark.django_db

URL = "/competences/qui-pourrait-m-apprendre/"
JANUARY = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def lannilis():
    return LibraryFactory(name="Médiathèque de Lannilis", commune="Lannilis")


@pytest.fixture
def plouguerneau():
    return LibraryFactory(name="Médiathèque de Plouguerneau", commune="Plouguerneau")


@pytest.fixture
def rameau():
    return SkillFactory(name="RAMEAU", slug="rameau")


@pytest.fixture
def katell(member, lannilis, rameau):
    katell = member(Role.STAFF, first_name="Katell", last_name="Morvan", library=lannilis)
    PersonSkillFactory(person=katell, skill=rameau, level=1, wants_to_learn=True, target_level=3)
    return katell


@pytest.fixture
def teachers(member, lannilis, plouguerneau, rameau, clock):
    """Bernard (elsewhere, validated), Anne (my library), Claire (aggregates only): three who could teach;
    Denis does not share, Elise is at level 2, Fanch has left."""
    referent = member(Role.REFERENTS, first_name="Yann", last_name="Referent", library=plouguerneau)
    anne = PersonFactory(first_name="Anne", last_name="Abalain", library=lannilis)
    bernard = PersonFactory(first_name="Bernard", last_name="Bihan", library=plouguerneau)
    claire = PersonFactory(first_name="Claire", last_name="Cariou", library=plouguerneau)
    SkillProfileFactory(person=claire, visibility=Visibility.AGGREGATE)
    PersonSkillFactory(person=anne, skill=rameau, level=3, willing_to_share=True)
    PersonSkillFactory(person=bernard, skill=rameau, level=4, willing_to_share=True, validated_by=referent,
                       validated_at=clock.now() - dt.timedelta(days=10), evidence="referent")
    PersonSkillFactory(person=claire, skill=rameau, level=4, willing_to_share=True)
    PersonSkillFactory(person=PersonFactory(first_name="Denis", library=lannilis), skill=rameau, level=4)
    PersonSkillFactory(person=PersonFactory(first_name="Elise", library=lannilis), skill=rameau, level=2,
                       willing_to_share=True)
    PersonSkillFactory(person=PersonFactory(first_name="Fanch", library=lannilis, active=False), skill=rameau,
                       level=4, willing_to_share=True)
    return anne, bernard, claire


def test_the_url_is_the_french_one():
    assert reverse("skills_map:teachers") == URL


def test_staff_read_who_could_teach_them_my_library_first_and_never_the_aggregate_only(client_as, katell, teachers):
    page = client_as(katell).get(URL).content.decode()
    assert "Personnes qui pourraient vous apprendre : 3" in page
    assert "Anne Abalain" in page and "Bernard Bihan" in page
    assert page.index("Anne Abalain") < page.index("Bernard Bihan")  # my library first
    assert "Claire" not in page  # counted, never named
    for left_out in ("Denis", "Elise", "Fanch", "Katell Morvan</a>"):
        assert left_out not in page


def test_validated_come_first_among_the_other_libraries(client_as, katell, teachers, plouguerneau, rameau):
    zoe = PersonFactory(first_name="Zoé", last_name="Abgrall", library=plouguerneau)
    PersonSkillFactory(person=zoe, skill=rameau, level=4, willing_to_share=True)
    page = client_as(katell).get(URL).content.decode()
    assert page.index("Anne Abalain") < page.index("Bernard Bihan") < page.index("Zoé Abgrall")


def test_a_volunteer_reads_how_many_and_is_told_to_ask_their_mentor(member, client_as, lannilis, rameau, teachers):
    nolwenn = member(Role.VOLUNTEERS, first_name="Nolwenn", library=lannilis)
    PersonSkillFactory(person=nolwenn, skill=rameau, level=None, wants_to_learn=True)
    page = client_as(nolwenn).get(URL).content.decode()
    assert "Personnes qui pourraient vous apprendre : 3" in page
    assert "Demandez à votre tuteur ou tutrice" in page
    for name in ("Anne", "Bernard", "Claire"):
        assert name not in page


def test_a_small_count_is_written_under_three_to_a_volunteer(member, client_as, lannilis, rameau, teachers):
    anne, _bernard, _claire = teachers
    PersonSkill.objects.filter(person=anne).delete()
    nolwenn = member(Role.VOLUNTEERS, first_name="Nolwenn", library=lannilis)
    PersonSkillFactory(person=nolwenn, skill=rameau, level=None, wants_to_learn=True)
    assert "Personnes qui pourraient vous apprendre : &lt; 3" in client_as(nolwenn).get(URL).content.decode()


def test_the_list_is_bounded_per_skill(client_as, katell, plouguerneau, rameau):
    for n in range(8):
        PersonSkillFactory(person=PersonFactory(first_name=f"Prof{n}", library=plouguerneau), skill=rameau, level=3,
                           willing_to_share=True)
    page = client_as(katell).get(URL).content.decode()
    assert "Personnes qui pourraient vous apprendre : 8" in page
    assert sum(f"Prof{n}" in page for n in range(8)) == 5


def test_without_wishes_the_page_says_so(client_as, member, lannilis):
    erwan = member(Role.STAFF, first_name="Erwan", library=lannilis)
    page = client_as(erwan).get(URL).content.decode()
    assert "Vous n’avez encore indiqué aucune compétence à apprendre." in page


@pytest.mark.parametrize("scale", [1, 10])
def test_the_same_queries_at_ten_times_the_data(client_as, katell, plouguerneau, scale, django_assert_max_num_queries):
    skills = [SkillFactory(name=f"Compétence {n}", slug=f"competence-{n}") for n in range(10)]
    for skill in skills:
        PersonSkillFactory(person=katell, skill=skill, level=1, wants_to_learn=True)
    people = [PersonFactory(library=plouguerneau) for _ in range(scale * 4)]
    PersonSkill.objects.bulk_create([
        PersonSkill(person=person, skill=skill, level=3 + n % 2, willing_to_share=True, confirmed_at=JANUARY,
                    valid_from=JANUARY)
        for n, person in enumerate(people) for skill in skills])
    client = client_as(katell)
    client.get(URL)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.content.decode().count(f"Personnes qui pourraient vous apprendre : {scale * 4}") == 10
