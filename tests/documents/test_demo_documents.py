"""The demo library (documents.demo.seed_documents, run by seed_demo): real files in the network's,
the bodies' and a few libraries' folders, found by their content, read by the five demo accounts as
their roles allow (benevole@demo.test never opens the COTECH folder)."""

import datetime
import time
import zipfile

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from wagtail.models import Collection

from documents import permissions, services
from documents.demo import LIBRARIES_WITH_DOCUMENTS, seed_documents
from documents.models import FolderKey, NetworkDocument, Owner
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import User
from intranet.roles import Role
from tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

COTECH = "Comité technique"
# 748 measured for 21 documents (Wagtail documents, their search index and renditions of each file).
QUERIES_TO_SEED_THE_DEMO_DOCUMENTS = 800


def _demo_user(role: Role) -> User:
    return User.objects.get(email=DEMO_ACCOUNTS[role])


def _readable_folder_names(user) -> set[str]:
    return set(Collection.objects.filter(pk__in=permissions.readable_collection_ids(user))
               .values_list("name", flat=True))


def _document(title: str) -> NetworkDocument:
    return NetworkDocument.objects.select_related("collection").get(title=title)


@pytest.fixture(scope="class")
def demo_files(demo_network_of_the_class):
    """Where seed_demo stored the demo files (the run's private folder), for the tests that open them."""
    return django_settings.PRIVATE_MEDIA_ROOT


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoLibrary:
    def test_the_network_bodies_and_first_libraries_hold_documents(self):
        network = services.well_known_folder(FolderKey.NETWORK)
        in_network = NetworkDocument.objects.filter(collection__path__startswith=network.path)
        assert in_network.count() == 7
        assert set(in_network.values_list("collection__name", flat=True)) == {
            "Réseau", "Chartes et règlements", "Procédures", "Communication", "Tutoriels et procédures"}
        per_body = {}
        for document in NetworkDocument.objects.filter(collection__access__owner=Owner.BODY).select_related(
                "collection"):
            per_body[document.collection.name] = per_body.get(document.collection.name, 0) + 1
        assert len(per_body) == 8
        assert all(1 <= count <= 3 for count in per_body.values())
        assert per_body[COTECH] == 3
        library_documents = NetworkDocument.objects.filter(collection__access__owner=Owner.LIBRARY)
        assert library_documents.count() == LIBRARIES_WITH_DOCUMENTS

    def test_the_staff_account_may_change_its_library_s_document_only(self):
        user = _demo_user(Role.STAFF)
        library_documents = list(NetworkDocument.objects.filter(collection__access__owner=Owner.LIBRARY)
                                 .select_related("collection__access"))
        own = [document for document in library_documents
               if document.collection.access.library_id == user.person.library_id]
        assert [document.title for document in own] == [f"Planning des permanences de {user.person.library.name}"]
        assert permissions.can_change_document(user, own[0])
        others = [document for document in library_documents if document not in own]
        assert others and not any(permissions.can_change_document(user, document) for document in others)

    def test_a_second_run_adds_nothing(self):
        count = NetworkDocument.objects.count()
        assert seed_documents(scale=1) == {"folders": 0, "documents": 0}
        assert NetworkDocument.objects.count() == count

    def test_documents_are_real_files_dated_over_the_last_year_by_demo_accounts(self):
        documents = list(NetworkDocument.objects.select_related("uploaded_by_user"))
        assert {document.uploaded_by_user.email for document in documents} == {
            DEMO_ACCOUNTS[Role.COORDINATION], DEMO_ACCOUNTS[Role.REFERENTS], DEMO_ACCOUNTS[Role.STAFF]}
        now = timezone.now()
        dates = [document.modified_at for document in documents]
        assert all(now - datetime.timedelta(days=366) <= date <= now for date in dates)
        assert len({(date.year, date.month) for date in dates}) >= 6
        kinds = {document.file_extension for document in documents}
        assert {"pdf", "docx", "odt", "png", "xlsx"} <= kinds
        assert set(_document("Compte rendu du comité technique").tags.names()) == {"compte rendu", "COTECH"}

    def test_search_by_content_finds_the_charter_pdf(self):
        found = list(NetworkDocument.objects.search("gratuitement"))
        assert [document.title for document in found] == ["Charte d’accueil du public"]
        assert found[0].file_extension == "pdf"

    def test_search_by_content_reads_word_and_opendocument_files(self):
        titles = {document.title for document in NetworkDocument.objects.search("horaires")}
        assert {"Horaires d’été des médiathèques", "Compte rendu du comité technique"} <= titles

    def test_coordination_reads_every_folder(self):
        user = _demo_user(Role.COORDINATION)
        assert _readable_folder_names(user) >= {COTECH, "Cellule de coordination", "Réseau", "Procédures"}
        assert set(NetworkDocument.objects.filter(permissions.readable_documents_q(user))) == set(
            NetworkDocument.objects.all())

    @pytest.mark.parametrize("role", [Role.REFERENTS, Role.STAFF])
    def test_staff_read_the_cotech_folder_but_not_the_coordinations(self, role):
        names = _readable_folder_names(_demo_user(role))
        assert {COTECH, "Comité de pilotage", "Réseau", "Chartes et règlements"} <= names
        assert "Cellule de coordination" not in names

    def test_the_volunteer_reads_the_network_but_not_the_cotech_folder(self):
        user = _demo_user(Role.VOLUNTEERS)
        names = _readable_folder_names(user)
        assert {"Réseau", "Procédures", "Conférence des maires"} <= names
        assert COTECH not in names and "Comité de pilotage" not in names
        readable = NetworkDocument.objects.filter(permissions.readable_documents_q(user))
        assert readable.filter(title="Charte d’accueil du public").exists()
        assert not readable.filter(collection__name=COTECH).exists()
        assert not permissions.can_read_document(user, _document("Compte rendu du comité technique"))

    def test_the_elected_member_reads_the_bodies_they_sit_on_only(self):
        names = _readable_folder_names(_demo_user(Role.ELECTED))
        assert {"Conférence des maires", "Comité de pilotage", "Réseau"} <= names
        assert COTECH not in names

    def test_the_cotech_file_url_is_404_for_the_volunteer_and_opens_for_the_referent(self, settings, demo_files,
                                                                                      client_as):
        settings.PRIVATE_MEDIA_ROOT = demo_files
        document = _document("Ordre du jour du comité technique")
        assert client_as(_demo_user(Role.VOLUNTEERS)).get(document.url).status_code == 404
        response = client_as(_demo_user(Role.REFERENTS)).get(document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_the_seeder_is_fast(self, django_assert_max_num_queries):
        NetworkDocument.objects.all().delete()
        # CPU time of this process, not wall time: CI runs the browser tests beside this suite, and
        # a busy machine must not fail a seeder that does no more work than before.
        started = time.process_time()
        with django_assert_max_num_queries(QUERIES_TO_SEED_THE_DEMO_DOCUMENTS):
            counts = seed_documents(scale=1)
        seconds = time.process_time() - started
        assert counts["documents"] == 21
        assert seconds < 2


def test_only_the_first_libraries_get_a_document_however_many_there_are():
    for number in range(12):
        LibraryFactory(name=f"Médiathèque n° {number:02d}")
    counts = seed_documents(scale=30)
    assert NetworkDocument.objects.filter(collection__access__owner=Owner.LIBRARY).count() == LIBRARIES_WITH_DOCUMENTS
    assert counts["documents"] == 7 + LIBRARIES_WITH_DOCUMENTS  # no body without the governance demo
    assert counts["folders"] == 3  # « Chartes et règlements », « Procédures », « Communication »


def test_in_development_the_seeder_writes_the_demo_takeout(settings, tmp_path):
    settings.DEBUG, settings.VAR_DIR = True, tmp_path
    counts = seed_documents(scale=1)
    assert counts["demo Takeout"] == 1
    assert zipfile.ZipFile(tmp_path / "demo" / "takeout-demo.zip").testzip() is None


def test_the_tests_seeder_writes_no_takeout(settings, tmp_path):
    settings.DEBUG, settings.VAR_DIR = False, tmp_path
    assert "demo Takeout" not in seed_documents(scale=1)
    assert not (tmp_path / "demo").exists()
