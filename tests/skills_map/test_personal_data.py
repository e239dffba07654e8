"""The skills map's part of « Mes données » (skills_map.personal_data): the export of a person's skills
with their history, their profile and the validations they gave, and nobody else's; gone at once from
« Qui sait faire ? », the map, the gaps, the search and the CSV when they leave; erased after the
retention period, the validations they gave to others kept."""

import csv
import io

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intranet.departures import departed_anonymise, person_leave
from intranet.roles import Role
from skills_map import personal_data
from skills_map.hooks_people import search_people_hits
from skills_map.models import PersonSkill, SkillProfile
from skills_map.selectors import map as map_selectors
from skills_map.services.people import Declaration, person_skill_validate, person_skills_declare
from skills_map.services.profiles import skill_profile_set_visibility
from tests.skills_map.factories import LibraryFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis")


@pytest.fixture
def rameau():
    return SkillFactory(name="RAMEAU")


@pytest.fixture
def people(member, library):
    class People:
        katell = member(Role.STAFF, first_name="Katell", last_name="Morvan", library=library)
        ronan = member(Role.STAFF, first_name="Ronan", last_name="Caradec", library=library)
        referent = member(Role.REFERENTS, first_name="Rozenn", last_name="Guivarc'h", library=library)
        coordination = member(Role.COORDINATION, first_name="Claire", last_name="Le Bihan")

    return People


def declare(person, skill, level=None, *, wants=False, target=None, share=False):
    person_skills_declare(person=person, declarations={skill: Declaration(level, wants, target, share)}, by=person)


@pytest.fixture
def world(people, rameau, clock):
    """Katell declared RAMEAU at 2, then 3 (shared), validated by Rozenn, and wants to learn Dewey; Ronan
    masters RAMEAU too (4, validated by Rozenn)."""
    dewey = SkillFactory(name="Dewey", domain=rameau.domain)
    declare(people.katell, rameau, 2)
    clock.shift(days=1)
    declare(people.katell, rameau, 3, share=True)
    person_skill_validate(person=people.katell, skill=rameau, by=people.referent)
    declare(people.katell, dewey, wants=True, target=3)
    skill_profile_set_visibility(person=people.katell, visibility="named", by=people.katell)
    declare(people.ronan, rameau, 4, share=True)
    person_skill_validate(person=people.ronan, skill=rameau, by=people.referent)
    return dewey


def tables(person) -> dict:
    return {table.name: table.rows for table in personal_data.export(person)}


# --- export ---------------------------------------------------------------------------------------------


def test_a_person_finds_their_skills_with_the_history_profile_and_nobody_elses(world, people, rameau):
    exported = tables(people.katell)
    rows = [(row["skill"], row["level"], row["willing_to_share"], row["validated_by"], row["valid_until"] is None)
            for row in exported["skills"]]
    assert rows == [
        ("Dewey", "", False, "", True),
        ("RAMEAU", "Maîtrise", True, "Rozenn Guivarc'h", True),
        ("RAMEAU", "Maîtrise", True, "", False),
        ("RAMEAU", "Pratique", False, "", False),
    ]
    assert exported["skills"][0]["wants_to_learn"] and exported["skills"][0]["target_level"] == "Maîtrise"
    assert exported["profile"][0]["chosen"] is True
    assert exported["validations_given"] == []
    assert "Ronan" not in repr(exported) and "Expertise" not in repr(exported)


def test_a_referent_finds_the_validations_they_gave(world, people):
    exported = tables(people.referent)
    assert sorted((row["person"], row["level"], row["current"]) for row in exported["validations_given"]) == [
        ("Katell Morvan", "Maîtrise", True), ("Ronan Caradec", "Expertise (peut former)", True)]
    assert exported["skills"] == []
    assert exported["profile"][0]["chosen"] is False  # the default of their kind, not a choice


def test_the_export_runs_the_same_queries_at_1x_and_10x(people, rameau):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            rows = sum(len(table.rows) for table in personal_data.export(people.katell))
            rows += sum(len(table.rows) for table in personal_data.export(people.referent))
        return len(queries), rows

    skills = [SkillFactory(name=f"Compétence {number}", domain=rameau.domain) for number in range(10)]
    for skill in skills[:1]:
        declare(people.katell, skill, 3)
        person_skill_validate(person=people.katell, skill=skill, by=people.referent)
    queries_1x, rows_1x = measure()
    for skill in skills[1:]:
        declare(people.katell, skill, 3)
        person_skill_validate(person=people.katell, skill=skill, by=people.referent)
    queries_10x, rows_10x = measure()
    assert queries_10x == queries_1x == 6 and rows_10x > rows_1x


# --- leaving --------------------------------------------------------------------------------------------


def test_who_leaves_is_gone_at_once_from_who_knows_the_map_the_gaps_and_the_search(world, people, rameau,
                                                                                   client_as):
    client = client_as(people.coordination)
    skill_url = reverse("skills_map:skill", kwargs={"slug": rameau.slug})
    assert "Katell Morvan" in client.get(skill_url).content.decode()
    counts = {entry.skill.name: entry.mastered for entry in map_selectors.network_counts()}
    assert counts["RAMEAU"] == 2
    report = person_leave(person=people.katell, by=people.coordination)
    assert report.count("skills_map.hidden") == 2
    assert "Katell Morvan" not in client.get(skill_url).content.decode()
    counts = {entry.skill.name: entry.mastered for entry in map_selectors.network_counts()}
    assert counts["RAMEAU"] == 1  # the bus factor: RAMEAU now rests on Ronan alone
    assert "RAMEAU" in [shown.skill.name for shown in map_selectors.bus_factor_network(
        map_selectors.network_counts(), reader_sees_names=True)]
    assert [hit.title for hit in search_people_hits(people.coordination.user, "RAMEAU", limit=10)] == [
        "Ronan Caradec — RAMEAU (Expertise (peut former))"]
    csv_rows = list(csv.reader(io.StringIO(client.get(reverse("skills_map:gaps_csv")).content.decode("utf-8-sig"))))
    assert ["Dépendance à une personne (réseau)", "", rameau.domain.name, "RAMEAU", "1", "", ""] in csv_rows
    # The rows wait for the anonymisation.
    assert PersonSkill.objects.filter(person=people.katell).count() == 4


def test_the_map_counts_cached_before_the_departure_are_forgotten(world, people, rameau,
                                                                 django_capture_on_commit_callbacks):
    assert {entry.skill.name: entry.mastered for entry in map_selectors.network_counts()}["RAMEAU"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        person_leave(person=people.katell, by=people.coordination)
    assert {entry.skill.name: entry.mastered for entry in map_selectors.network_counts()}["RAMEAU"] == 1


def test_a_dry_run_lists_the_skills_that_would_disappear_and_changes_nothing(world, people, rameau):
    report = person_leave(person=people.katell, by=people.coordination, dry_run=True)
    assert report.count("skills_map.hidden") == 2
    assert [change.text for change in report.changes if change.key == "skills_map.hidden"] == [
        "2 compétences n’apparaissent plus dans la carte des compétences, ses recherches et ses exports"]
    assert {entry.skill.name: entry.mastered for entry in map_selectors.network_counts()}["RAMEAU"] == 2
    assert mail.outbox == []


# --- anonymisation --------------------------------------------------------------------------------------


def test_the_anonymisation_erases_skills_history_and_profile_and_keeps_validations_given(world, people, clock):
    person_leave(person=people.katell, by=people.coordination)
    person_leave(person=people.referent, by=people.coordination)
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS - 1)
    assert departed_anonymise() == []
    clock.shift(days=2)
    reports = {report.person.pk: report for report in departed_anonymise()}
    assert not PersonSkill.objects.filter(person=people.katell).exists()
    assert not SkillProfile.objects.filter(person=people.katell).exists()
    assert reports[people.katell.pk].count("skills_map.skills_erased") == 4
    assert reports[people.katell.pk].count("skills_map.profile_erased") == 1
    ronan = PersonSkill.objects.current().get(person=people.ronan)
    assert ronan.validated_by == people.referent and ronan.is_validated
    assert personal_data.anonymise(people.katell) == []  # twice changes nothing more


def test_the_entry_says_what_is_kept_why_and_for_how_long():
    entry = personal_data.PERSONAL_DATA_ENTRY
    assert entry.key == "skills_map" and entry.leave and entry.anonymise
    assert f"{settings.DEPARTED_RETENTION_DAYS} jours" in str(entry.retention)
