"""« Cette page vous a-t-elle aidé ? »: one answer per person and page, changeable, shown back in the
form; bad input changes nothing; the owner and Coordination see the answers, others get 403 (404
when the page is not for them)."""

import pytest
from bs4 import BeautifulSoup

from intranet.roles import Role
from tests.tutorials.factories import TutorialFactory
from tests.tutorials.procedures_support import _procedure_context_on_the_page  # noqa: F401
from tutorials.models import Audience, PageFeedback

pytestmark = pytest.mark.django_db


def _send(client, page, **data):
    return client.post(f"/formation/tutoriels/{page.pk}/avis/envoyer/", data)


def test_a_reader_answers_and_sees_their_answer_in_the_form(client_staff, staff_user):
    page = TutorialFactory(title="Prolonger un prêt")

    response = _send(client_staff, page, helpful="no", comment="Il manque le cas des documents réservés.")

    assert response.status_code == 302 and response.url == page.url
    feedback = PageFeedback.objects.get()
    assert (feedback.helpful, feedback.comment, feedback.person) == (False, "Il manque le cas des documents réservés.",
                                                                     staff_user.person)
    shown = BeautifulSoup(client_staff.get(page.url).content, "html.parser")
    assert "Merci, votre réponse est enregistrée." in shown.get_text()
    form = shown.select_one("form.feedback-form")
    assert form.select_one("input[name=helpful][checked]")["value"] == "no"
    assert form.select_one("textarea[name=comment]").get_text().strip() == "Il manque le cas des documents réservés."


def test_answering_again_changes_the_one_answer(client_staff):
    page = TutorialFactory()
    _send(client_staff, page, helpful="no", comment="Pas clair")
    _send(client_staff, page, helpful="yes", comment="")

    feedback = PageFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (True, "")


def test_a_bad_answer_is_refused_with_400_and_changes_nothing(client_staff):
    page = TutorialFactory()
    _send(client_staff, page, helpful="yes", comment="Très utile")

    for bad in ({"helpful": "peut-être"}, {"helpful": "no", "comment": "x" * 1001}, {}):
        response = _send(client_staff, page, **bad)
        assert response.status_code == 400
    feedback = PageFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (True, "Très utile")


def test_the_form_needs_the_csrf_token(staff_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    page = TutorialFactory()

    assert _send(client, page, helpful="yes").status_code == 403
    assert not PageFeedback.objects.exists()


def test_a_volunteer_cannot_answer_on_a_staff_page(client_volunteer):
    page = TutorialFactory(audience=Audience.STAFF)

    assert _send(client_volunteer, page, helpful="yes").status_code == 404
    assert not PageFeedback.objects.exists()


@pytest.fixture
def answered_page(member):
    owner = member(Role.STAFF, first_name="Rozenn")
    page = TutorialFactory(title="Cataloguer avec RAMEAU", owner_person=owner, audience=Audience.EVERYONE)
    for helpful, comment in [(True, "Parfait"), (False, "Les exemples manquent"), (True, "")]:
        PageFeedback.objects.create(page=page, person=member(Role.STAFF), helpful=helpful, comment=comment)
    return page, owner


def test_the_owner_sees_counts_and_comments(answered_page, client_as):
    page, owner = answered_page

    html = client_as(owner).get(f"/formation/tutoriels/{page.pk}/avis/").content.decode()

    assert "3 réponses" in html and "aidé : 2" in html
    assert "Les exemples manquent" in html and "Parfait" in html


def test_the_page_links_to_the_answers_for_the_owner_only(answered_page, client_as, client_staff):
    page, owner = answered_page
    link = f"/formation/tutoriels/{page.pk}/avis/\""

    assert link in client_as(owner).get(page.url).content.decode()
    assert link not in client_staff.get(page.url).content.decode()


@pytest.mark.parametrize("role, status", [(Role.COORDINATION, 200), (Role.REFERENTS, 403), (Role.STAFF, 403),
                                          (Role.VOLUNTEERS, 403), (Role.ELECTED, 403)],
                         ids=lambda value: getattr(value, "name", str(value)).lower())
def test_who_sees_the_answers(answered_page, account, client_as, role, status):
    page, _owner = answered_page

    assert client_as(account(role)).get(f"/formation/tutoriels/{page.pk}/avis/").status_code == status


def test_answers_of_a_page_not_for_the_reader_are_a_404(client_volunteer):
    page = TutorialFactory(audience=Audience.STAFF)

    assert client_volunteer.get(f"/formation/tutoriels/{page.pk}/avis/").status_code == 404
