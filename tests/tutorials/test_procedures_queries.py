"""The procedures' part of a tutorial page and the procedures' own pages run the same number of
queries at 1x and 10x data."""

import pytest

from intranet.roles import Role, roles_of
from intranet.selectors import person_for_user
from tests.factories import LibraryFactory
from tests.tutorials.procedures_support import (  # noqa: F401
    _procedure_context_on_the_page,
    procedure,
    publish,
    step_ids,
)
from tutorials.models import Audience, LocalNote, PageFeedback
from tutorials.page_context import procedure_context
from tutorials.services.procedures import local_note_save, procedure_confirm

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


@pytest.fixture
def network(member):
    """make(scale): `scale` libraries, each with a referent, two staff people (one confirmed the
    procedure's first version, one its current one) and answers; a note under each step."""

    def make(scale: int):
        page = procedure(title="Déclarer une panne informatique", audience=Audience.EVERYONE)
        for number in range(scale):
            library = LibraryFactory()
            referent = member(Role.REFERENTS, library=library)
            early, _late = member(Role.STAFF, library=library), member(Role.STAFF, library=library)
            procedure_confirm(page=page, person=early)
            for step_id in step_ids(page):
                local_note_save(page=page, library=library, step_id=step_id, text=f"Note {number}", by=referent)
            PageFeedback.objects.create(page=page, person=early, helpful=bool(number % 2), comment=f"Avis {number}")
        page = publish(page, significant=True, summary="Nouveau circuit",
                       body=list(page.body.raw_data)[::-1])
        LocalNote.objects.update(needs_review=True)
        return page

    return make


def _asked_again_reader(page, member):
    """A staff member of a library with notes, who confirmed a version before the current one."""
    reader = member(Role.STAFF, library=LocalNote.objects.first().library)
    procedure_confirm(page=page, person=reader)
    return reader, publish(page, significant=True, summary="Encore un changement")


@pytest.mark.parametrize("scale", [1, 10])
def test_the_tutorial_page_with_the_procedures_part(network, member, client_as, scale, django_assert_max_num_queries):
    reader, page = _asked_again_reader(network(scale), member)
    client = client_as(reader)
    client.get(page.url)  # the first request of a session makes the account's rows (profile, settings)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(page.url)

    assert response.status_code == 200
    assert b"procedure-versions" in response.content and b"local-note" in response.content


@pytest.mark.parametrize("scale", [1, 10])
def test_the_procedures_context_alone(network, member, rf, scale, django_assert_num_queries):
    reader, page = _asked_again_reader(network(scale), member)
    request = rf.get(page.url)
    request.user = reader.user
    person_for_user(request.user), roles_of(request.user)  # read once a request by the page anyway

    with django_assert_num_queries(5):  # feedback, confirmation, versions, the two revisions, notes
        context = procedure_context(page, request)

    assert context["procedure_panel"]["reader"].asked_again and context["local_notes"]


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("path", ["confirmations/", "avis/"])
def test_the_reports(network, client_coordination, scale, path, django_assert_max_num_queries):
    page = network(scale)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_coordination.get(f"/formation/tutoriels/{page.pk}/{path}")

    assert response.status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_notes_to_look_at(network, client_coordination, scale, django_assert_max_num_queries):
    network(scale)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_coordination.get("/formation/notes-locales/")

    assert response.status_code == 200 and b"local-note-review" in response.content


@pytest.mark.parametrize("scale", [1, 10])
def test_the_note_form(network, client_coordination, scale, django_assert_max_num_queries):
    page = network(scale)
    note = LocalNote.objects.first()

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_coordination.get(
            f"/formation/tutoriels/{page.pk}/etapes/{note.step_id}/note/{note.library_id}/")

    assert response.status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_dashboard_panel(network, client_staff, scale, django_assert_max_num_queries):
    network(scale)
    for number in range(scale):
        procedure(title=f"Procédure {number}")

    with django_assert_max_num_queries(MAX_QUERIES + 15):  # the whole dashboard, every app's panels
        response = client_staff.get("/")

    assert b"panel--procedures_to_confirm" in response.content
