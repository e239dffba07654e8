"""« Mes données »: what the intranet keeps about me, why and for how long, and the zip of it."""

import io
import json
import zipfile

import pytest
from bs4 import BeautifulSoup

from intranet.account_data import export as core_export
from intranet.personal_data import personal_data_sources
from intranet.roles import Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_profile_links_to_my_data(client_staff):
    page = BeautifulSoup(client_staff.get("/profil/").content, "html.parser")
    assert page.find("a", href="/profil/donnees/")


def test_the_page_says_what_is_kept_why_and_for_how_long_for_every_app(client_staff):
    response = client_staff.get("/profil/donnees/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    headings = [heading.get_text(strip=True) for heading in page.select("main h2")]
    for source in personal_data_sources():
        assert str(source.title) in headings
    terms = [term.get_text(strip=True) for term in page.select("main dt")]
    assert {"Ce qui est conservé", "Pourquoi", "Base légale", "Pour combien de temps"} <= set(terms)
    assert page.find("a", href="/profil/donnees/mes-donnees.zip")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_downloads_their_own_data_and_nobody_elses(role, account, client_as):
    user = account(role)
    other = PersonFactory(phone="02 99 99 99 99", bio="Une autre personne")
    archive = _archive(client_as(user).get("/profil/donnees/mes-donnees.zip"))
    assert {f"{source.key}.json" for source in personal_data_sources()} <= set(archive.namelist())
    everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    assert user.email in everything
    assert other.user.email not in everything and "Une autre personne" not in everything
    core = json.loads(archive.read("intranet.json"))
    assert core["tables"]["profile"][0]["last_name"] == user.person.last_name
    assert core["legal_basis"] and core["retention"]


def test_an_account_without_a_directory_entry_gets_a_404(django_user_model, client_as):
    from intranet.models import Person

    user = django_user_model.objects.create_user(email="sans-fiche@example.org", password="x")
    Person.objects.filter(user=user).delete()
    assert client_as(user).get("/profil/donnees/mes-donnees.zip").status_code == 404


def test_strangers_are_sent_to_the_login_page(client):
    response = client.get("/profil/donnees/mes-donnees.zip")
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


@pytest.mark.parametrize("scale", [1, 10])
def test_the_core_export_runs_the_same_queries_whatever_the_volume(member, scale, django_assert_max_num_queries):
    mentor = member(Role.STAFF)
    PersonFactory.create_batch(2 * scale, mentor=mentor)
    with django_assert_max_num_queries(8):
        tables = {table.name: table for table in core_export(mentor)}
    assert len(tables["mentees"].rows) == 2 * scale
