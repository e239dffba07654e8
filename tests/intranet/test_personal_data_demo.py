"""« Mes données » and leaving the network on the demo network, across every app: each demo account's
zip holds their rows and nobody else's, and someone who left is nowhere to be found any more."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.test import Client
from django.utils import timezone

from calendar_sync.models import Booking, FeedToken
from governance.models import Membership
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Person
from intranet.personal_data import personal_data_sources
from intranet.roles import Role
from skills_map.models import PersonSkill

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = Client()
    client.force_login(Person.objects.get(user__email=email).user)
    return client


def _archive(client: Client) -> zipfile.ZipFile:
    response = client.get("/profil/donnees/mes-donnees.zip")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def _rows_per_app(archive: zipfile.ZipFile) -> dict[str, int]:
    counts = {}
    for source in personal_data_sources():
        document = json.loads(archive.read(f"{source.key}.json"))
        counts[source.key] = sum(len(rows) for rows in document["tables"].values())
    return counts


# What the demo gives each account, at least: the apps whose rows their zip must hold.
EXPECTED_APPS = {
    Role.COORDINATION: {"intranet", "governance", "calendar_sync"},
    Role.REFERENTS: {"intranet", "governance", "skills_map"},
    Role.STAFF: {"intranet", "skills_map"},
    Role.VOLUNTEERS: {"intranet", "tutorials"},
    Role.ELECTED: {"intranet", "governance"},
}


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestOnTheDemoNetwork:
    @pytest.mark.parametrize("role", list(DEMO_ACCOUNTS), ids=str)
    def test_each_demo_account_downloads_their_rows_from_every_app_and_nobody_elses(self, demo_network, role):
        email = DEMO_ACCOUNTS[role]
        archive = _archive(_client(email))
        counts = _rows_per_app(archive)
        assert {app for app, count in counts.items() if count} >= EXPECTED_APPS[role], counts
        everything = "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
        assert email in everything
        for other in set(DEMO_ACCOUNTS.values()) - {email}:
            assert other not in everything, f"{other} in the data of {email}"

    def test_someone_who_left_is_nowhere_to_be_found(self, demo_network):
        person = Person.objects.select_related("user").get(user__email=DEMO_ACCOUNTS[Role.REFERENTS])
        assert PersonSkill.objects.filter(person=person).exists()
        token = FeedToken.objects.filter(person=person, revoked_at__isnull=True).first() or \
            FeedToken.objects.create(person=person)
        feed_url = f"/agenda/flux/{token.key}/personnel.ics"
        assert _client(DEMO_ACCOUNTS[Role.REFERENTS]).get(feed_url).status_code == 200
        coordination = _client(DEMO_ACCOUNTS[Role.COORDINATION])

        response = coordination.post(f"/annuaire/personnes/{person.pk}/depart/",
                                     {"action": "confirm", "successor": DEMO_ACCOUNTS[Role.COORDINATION]})
        assert response.status_code == 302, response.content.decode()[:2000]

        person.refresh_from_db()
        assert not person.active
        colleague = _client(DEMO_ACCOUNTS[Role.STAFF])
        page_url = person.get_absolute_url()
        assert colleague.get(page_url).status_code == 404
        assert page_url not in colleague.get(f"/annuaire/?q={person.last_name}").content.decode()
        found = colleague.get(f"/search/?q={person.first_name} {person.last_name}").content.decode()
        assert page_url not in found
        assert Client().get(feed_url).status_code == 404
        assert not Booking.objects.active().filter(organizer=person, start__gte=timezone.now()).exists()
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        assert not Membership.objects.current(tomorrow).filter(person=person).exists()  # ended the day they left
        for skill in PersonSkill.objects.filter(person=person).select_related("skill")[:3]:
            assert page_url not in colleague.get(f"/competences/fiche/{skill.skill.slug}/").content.decode()
        for export in ("/competences/lacunes/export.csv", "/formation/parcours/inscriptions/export.csv"):
            response = coordination.get(export)
            assert response.status_code == 200
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert person.full_name not in body.decode("utf-8-sig")
        # Their own session is over.
        assert _client_session_closed(person)


def _client_session_closed(person: Person) -> bool:
    client = Client()
    client.force_login(person.user)  # an open session of a closed account...
    return client.get("/profil/").status_code == 302  # ...is sent to the login page
