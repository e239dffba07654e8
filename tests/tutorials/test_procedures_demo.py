"""The procedures' demo data: after the tutorials' pages, idempotent; personnel@demo.test is asked
again on the procedure that changed, the referent's library has notes on two steps; who sees the
confirmations, for each demo account."""

import pytest
from bs4 import BeautifulSoup

from intranet.demo import DEMO_ACCOUNTS
from intranet.models import User
from intranet.roles import Role
from tests.accounts import logged_in
from tests.tutorials.procedures_support import _procedure_context_on_the_page  # noqa: F401
from tutorials.demo_procedures import seed_procedures
from tutorials.models import Kind, LocalNote, PageFeedback, ProcedureConfirmation, ProcedureVersion, TutorialPage

pytestmark = pytest.mark.django_db


def test_without_procedures_the_seeder_does_nothing(db):
    assert seed_procedures(scale=1) == {}


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestDemo:
    @pytest.fixture
    def seeded(self):
        """The demo's outage procedure, the procedure with the referent's notes, and what a second run
        of the seeder (the demo network ran it once, after the content family's pages) reports."""
        procedures = TutorialPage.objects.live().filter(kind=Kind.PROCEDURE)
        outage = next(page for page in procedures if "panne" in page.title.lower())
        noted = TutorialPage.objects.get(pk=LocalNote.objects.values_list("page", flat=True).first())
        return outage, noted, seed_procedures(scale=1)

    def test_it_is_idempotent(self, seeded):
        outage, _noted, first = seeded

        assert seed_procedures(scale=1) == first
        assert first["local notes"] == 2 and ProcedureVersion.objects.filter(page=outage).count() == 2
        assert PageFeedback.objects.exists() and ProcedureConfirmation.objects.exists()

    def test_personnel_is_asked_again_on_the_changed_procedure(self, seeded):
        outage, *_rest = seeded
        client = logged_in(User.objects.get(email=DEMO_ACCOUNTS[Role.STAFF]))

        panel = BeautifulSoup(client.get(outage.url).content, "html.parser").select_one(".procedure-panel")

        assert ProcedureVersion.objects.filter(page=outage).count() == 2
        assert panel.select_one("form button") and panel.select_one(".step-change--changed")
        assert "Nouveau numéro d'astreinte" in panel.get_text()

    def test_the_referents_library_reads_its_notes(self, seeded):
        _outage, shuttle, _first = seeded
        referent = User.objects.get(email=DEMO_ACCOUNTS[Role.REFERENTS])

        html = logged_in(referent).get(shuttle.url).content.decode()

        assert html.count('class="local-note"') == 2
        assert set(LocalNote.objects.values_list("library", flat=True)) == {referent.person.library_id}

    @pytest.mark.parametrize("role, status", [(Role.COORDINATION, 200), (Role.REFERENTS, 200), (Role.STAFF, 403),
                                              (Role.VOLUNTEERS, 404), (Role.ELECTED, 404)],
                             ids=lambda value: getattr(value, "name", str(value)).lower())
    def test_who_sees_the_confirmations_among_the_demo_accounts(self, seeded, role, status):
        outage, *_rest = seeded
        client = logged_in(User.objects.get(email=DEMO_ACCOUNTS[role]))

        response = client.get(f"/formation/tutoriels/{outage.pk}/confirmations/")

        assert response.status_code == status
        if status == 200 and role == Role.REFERENTS:
            library = User.objects.get(email=DEMO_ACCOUNTS[role]).person.library
            names = {row.person.library_id for row in response.context["page_obj"]}
            assert names <= {library.pk}
