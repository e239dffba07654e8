"""Documents attached to tutorials appear in « Tutoriels et procédures » (documents.tutorial_documents):
filed on publication, or by `manage.py sync_document_folders` for tutorials published before; documents
already in a folder stay put; a staff-only tutorial's documents stay staff-only."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Collection

from documents import permissions, samples, services
from documents.models import FolderAccess, FolderKey, Readers
from documents.tutorial_documents import STAFF_SUB_FOLDER, referenced_document_ids, tutorial_documents_file
from tests.tutorials.factories import TutorialFactory, step
from tutorials.models import Audience

from .factories import make_document

pytestmark = pytest.mark.django_db


def _root() -> Collection:
    return Collection.get_first_root_node()


def _tutorials() -> Collection:
    return services.well_known_folder(FolderKey.TUTORIALS)


def _block(document) -> tuple[str, dict]:
    return ("document", {"document": document, "label": ""})


def _link(document) -> tuple[str, str]:
    return ("text", f'<p>Voir <a linktype="document" id="{document.pk}">le formulaire</a>.</p>')


def _published(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def stray():
    """A document in Wagtail's root collection: no folder, Coordination's alone."""
    return make_document(_root(), name="Formulaire d’inscription.pdf", title="Formulaire d’inscription")


def test_the_body_s_blocks_and_rich_text_links_are_read(stray):
    linked = make_document(_root(), name="Fiche.pdf")
    page = TutorialFactory(body=[step("Ouvrir le SIGB", f'<p><a linktype="document" id="{linked.pk}">Fiche</a></p>'),
                                 _block(stray)])
    assert referenced_document_ids(page) == {stray.pk, linked.pk}


def test_publishing_a_tutorial_files_its_stray_documents_in_tutorials(stray):
    old_folder = _root().add_child(instance=Collection(name="Ancien dossier"))  # no access row: nobody's
    linked = make_document(old_folder, name="Fiche pratique.docx", content=samples.docx_bytes("Fiche pratique"))
    page = TutorialFactory(audience=Audience.EVERYONE, body=[_block(stray), _link(linked)])
    _published(page)
    stray.refresh_from_db()
    linked.refresh_from_db()
    assert stray.collection == _tutorials()
    assert linked.collection == _tutorials()


def test_a_filed_document_opens_for_the_tutorial_s_readers(stray, client_volunteer):
    page = TutorialFactory(audience=Audience.EVERYONE, body=[_block(stray)])
    assert client_volunteer.get(stray.url).status_code == 404
    _published(page)
    stray.refresh_from_db()
    response = client_volunteer.get(stray.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_documents_already_in_a_folder_stay_where_they_are(stray, network_folder, body_folder):
    in_network = make_document(network_folder, name="Charte.pdf")
    in_body = make_document(body_folder, name="Ordre du jour.pdf")
    page = TutorialFactory(audience=Audience.EVERYONE, body=[_block(in_network), _link(in_body), _block(stray)])
    _published(page)
    in_network.refresh_from_db()
    in_body.refresh_from_db()
    assert (in_network.collection, in_body.collection) == (network_folder, body_folder)
    assert tutorial_documents_file(page=page) == 0  # the stray one is filed already


def test_a_staff_tutorial_s_documents_stay_staff_only(stray, staff_user, volunteer_user):
    _published(TutorialFactory(audience=Audience.STAFF, body=[_block(stray)]))
    stray.refresh_from_db()
    assert stray.collection.name == STAFF_SUB_FOLDER
    assert stray.collection.get_parent() == _tutorials()
    assert FolderAccess.objects.get(collection=stray.collection).readers == Readers.STAFF
    assert permissions.can_read_document(staff_user, stray)
    assert not permissions.can_read_document(volunteer_user, stray)


def test_a_draft_moves_nothing(stray):
    page = TutorialFactory(audience=Audience.EVERYONE, body=[step("Étape")])
    page.body = [_block(stray)]
    page.save_revision()
    stray.refresh_from_db()
    assert stray.collection == _root()


def test_the_command_files_documents_of_tutorials_published_before_and_is_idempotent(stray):
    TutorialFactory(audience=Audience.EVERYONE, body=[_block(stray)])  # live, never through publish
    other = make_document(_root(), name="Autre.pdf")
    TutorialFactory(audience=Audience.EVERYONE, body=[_link(other)])
    out = io.StringIO()
    call_command("sync_document_folders", stdout=out)
    assert "Tutorial documents filed: 2." in out.getvalue()
    stray.refresh_from_db()
    other.refresh_from_db()
    assert stray.collection == other.collection == _tutorials()
    count = Collection.objects.count()
    again = io.StringIO()
    call_command("sync_document_folders", stdout=again)
    assert again.getvalue().splitlines() == ["Folders made: network 0, bodies 0, libraries 0.",
                                             "Tutorial documents filed: 0."]
    assert Collection.objects.count() == count


def test_the_command_makes_missing_folders():
    from tests.factories import LibraryFactory

    library = LibraryFactory()
    FolderAccess.objects.filter(library=library).delete()
    out = io.StringIO()
    call_command("sync_document_folders", stdout=out)
    assert "libraries 1." in out.getvalue()
    assert FolderAccess.objects.filter(library=library, is_home=True).exists()
