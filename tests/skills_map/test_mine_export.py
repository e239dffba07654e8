"""The export of my skill data: every row of mine, current and closed, with its validation, and my
visibility choice, as CSV (formula-safe) and JSON; nobody else's row."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from intranet.roles import Role
from skills_map.models import Evidence, Visibility
from skills_map.services.people import Declaration, person_skill_validate, person_skills_declare
from skills_map.services.profiles import skill_profile_set_visibility
from tests.skills_map.factories import LibraryFactory, PersonSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis", commune="Lannilis")


@pytest.fixture
def katell(member, library):
    return member(Role.STAFF, first_name="Katell", last_name="Morvan", library=library)


@pytest.fixture
def history(katell, member, library, clock):
    """RAMEAU declared at 2 then 3 (validated by the referent), Portail wished; someone else's row."""
    rameau = SkillFactory(name="RAMEAU", slug="rameau")
    portail = SkillFactory(name="=HYPERLINK(\"http://x\")", slug="portail")
    person_skills_declare(person=katell, by=katell, declarations={rameau: Declaration(level=2)})
    clock.shift(days=2)
    person_skills_declare(person=katell, by=katell, declarations={
        rameau: Declaration(level=3, willing_to_share=True), portail: Declaration(wants_to_learn=True, target_level=2)})
    referent = member(Role.REFERENTS, first_name="Yann", last_name="Le Gall", library=library)
    other = member(Role.STAFF, first_name="Erwan", last_name="Tanguy", library=library)
    PersonSkillFactory(person=other, skill=rameau, level=4, evidence_note="Erwan's secret note")
    clock.shift(days=1)
    person_skill_validate(person=katell, skill=rameau, by=referent, note="Revue annuelle")
    return rameau, portail


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_holds_every_row_of_mine_current_and_closed_and_nobody_elses(client_as, katell, history):
    response = client_as(katell).get(reverse("skills_map:mine_export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="mes-competences-2026-03-13.csv"'
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Compétence", "Domaine", "Niveau"] and header[-1] == "Visibilité"
    assert len(body) == 4  # RAMEAU 2 (closed), RAMEAU 3 (closed), RAMEAU 3 validated (current), Portail
    rameau = [row for row in body if row[0] == "RAMEAU"]
    assert [row[2] for row in rameau] == ["Maîtrise", "Maîtrise", "Pratique"]  # newest first
    current = rameau[0]
    assert current[6] == "Yann Le Gall" and current[8] == "Revue par le ou la référente"
    assert current[10] == "Revue annuelle" and current[13] == "en cours"
    assert rameau[2][12] == "2026-03-10 09:00" and rameau[2][13] == "2026-03-12 09:00"
    assert all(row[-1] == "Visibles nommément par le personnel du réseau" for row in body)
    assert "Erwan" not in response.content.decode()
    # A skill's name cannot run as a formula in a spreadsheet.
    portail = next(row for row in body if "HYPERLINK" in row[0])
    assert portail[0].startswith("'=")
    assert (portail[3], portail[4]) == ("oui", "Pratique")


def test_the_json_holds_the_same_rows_and_the_visibility_choice(client_as, katell, history):
    skill_profile_set_visibility(person=katell, visibility=Visibility.AGGREGATE, by=katell)
    response = client_as(katell).get(reverse("skills_map:mine_export_json"))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["person"] == "Katell Morvan"
    assert (data["visibility"], data["visibility_chosen"]) == ("aggregate", True)
    assert len(data["skills"]) == 4
    current = next(row for row in data["skills"] if row["skill"] == "RAMEAU" and row["current"])
    assert current["level"] == 3 and current["willing_to_share"] is True
    assert (current["validated_by"], current["evidence"]) == ("Yann Le Gall", "Revue par le ou la référente")
    assert current["validated_at"] == "2026-03-13T09:00:00+01:00"
    assert current["valid_until"] is None
    closed = [row for row in data["skills"] if not row["current"]]
    assert {row["level"] for row in closed} == {2, 3}
    assert all(row["valid_until"] for row in closed)
    assert "Erwan" not in response.content.decode()


def test_an_expired_validation_is_said_in_the_export(client_as, katell, member, library, clock):
    referent = member(Role.REFERENTS, first_name="Yann", library=library)
    PersonSkillFactory(person=katell, skill=SkillFactory(name="Dewey"), level=2, validated_by=referent,
                       validated_at=clock.now() - dt.timedelta(days=4 * 365), evidence=Evidence.REFERENT)
    body = _csv(client_as(katell).get(reverse("skills_map:mine_export_csv")))[1:]
    assert body[0][7].endswith("(validation expirée)")
    data = json.loads(client_as(katell).get(reverse("skills_map:mine_export_json")).content)
    assert data["skills"][0]["validation_expired"] is True


def test_a_volunteer_without_a_choice_exports_the_default_of_their_kind(client_as, member, library):
    volunteer = member(Role.VOLUNTEERS, first_name="Nolwenn", library=library)
    data = json.loads(client_as(volunteer).get(reverse("skills_map:mine_export_json")).content)
    assert (data["visibility"], data["visibility_chosen"], data["skills"]) == ("aggregate", False, [])


def test_the_privacy_notice_has_a_skills_section(client):
    page = client.get(reverse("privacy")).content.decode()
    assert '<h2 id="competences">Compétences</h2>' in page
    assert "jamais un outil d'évaluation" in page
    assert reverse("skills_map:mine") in page
