"""The document library's part of « Mes données » (documents.personal_data): the documents a person
added and the Drive imports they asked for, listed (not the files) and nobody else's; leaving and the
anonymisation leave the documents where they are, with « Added by » and the person's name."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import personal_data
from documents.models import DriveImport, ImportStatus, NetworkDocument
from intranet.departures import departed_anonymise, person_leave
from intranet.roles import Role

from .factories import FolderFactory, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member):
    class People:
        katell = member(Role.STAFF, first_name="Katell", last_name="Morvan")
        ronan = member(Role.STAFF, first_name="Ronan", last_name="Caradec")
        coordination = member(Role.COORDINATION, first_name="Claire", last_name="Le Bihan")

    return People


def tables(person) -> dict:
    return {table.name: table.rows for table in personal_data.export(person)}


def test_a_person_finds_the_documents_they_added_and_their_imports_and_nobody_elses(network_folder, people):
    procedures = FolderFactory(network_folder, "Procédures")
    added = make_document(procedures, name="Inscription.pdf", title="Inscrire un usager", by=people.katell.user)
    make_document(network_folder, name="Autre.pdf", title="Note de Ronan", by=people.ronan.user)
    DriveImport.objects.create(collection=network_folder, archive_name="takeout-katell.zip",
                               requested_by=people.katell.user, status=ImportStatus.DONE, files_total=12)
    DriveImport.objects.create(collection=network_folder, archive_name="takeout-ronan.zip",
                               requested_by=people.ronan.user)
    exported = tables(people.katell)
    [row] = exported["documents"]
    assert (row["title"], row["folder"], row["type"], row["size"]) == (
        "Inscrire un usager", f"{network_folder.name} › Procédures", "PDF", added.file_size)
    assert row["url"] == reverse("documents:document", args=[added.pk]) and row["size"] > 0
    assert [(item["archive"], item["status"], item["files_total"]) for item in exported["drive_imports"]] == [
        ("takeout-katell.zip", "Terminé", 12)]
    assert "Ronan" not in repr(exported)


def test_someone_without_an_account_has_nothing_here(member, network_folder):
    from tests.factories import PersonFactory

    person = PersonFactory(user=None)
    with CaptureQueriesContext(connection) as queries:
        assert all(table.rows == [] for table in personal_data.export(person))
    assert len(queries) == 0


def test_the_export_runs_the_same_queries_at_1x_and_10x(network_folder, people):
    folder = FolderFactory(network_folder, "Comptes rendus")

    def add(count, start):
        for number in range(start, start + count):
            make_document(folder, name=f"CR {number}.pdf", by=people.katell.user)
            DriveImport.objects.create(collection=folder, archive_name=f"t{number}.zip",
                                       requested_by=people.katell.user)

    def measure():
        with CaptureQueriesContext(connection) as queries:
            rows = sum(len(table.rows) for table in personal_data.export(people.katell))
        return len(queries), rows

    add(1, 0)
    at_1x = measure()
    add(9, 1)
    at_10x = measure()
    assert at_10x[0] == at_1x[0] == 3 and (at_1x[1], at_10x[1]) == (2, 20)


def test_leaving_and_the_anonymisation_keep_the_documents_and_who_added_them(network_folder, people, clock,
                                                                            client_as):
    document = make_document(network_folder, name="Charte.pdf", title="Charte du réseau", by=people.katell.user)
    report = person_leave(person=people.katell, by=people.coordination)
    assert not [change for change in report.changes if change.key.startswith("documents.")]
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS + 1)
    [anonymised] = departed_anonymise()
    assert not [change for change in anonymised.changes if change.key.startswith("documents.")]
    document = NetworkDocument.objects.get(pk=document.pk)
    assert document.uploaded_by_user_id == people.katell.user_id
    page = client_as(people.coordination).get(reverse("documents:document", args=[document.pk])).content.decode()
    assert "Charte du réseau" in page and "par Katell Morvan" in page


def test_the_entry_says_what_is_kept_why_and_for_how_long():
    entry = personal_data.PERSONAL_DATA_ENTRY
    assert entry.key == "documents" and entry.leave is None and entry.anonymise is None
    assert "Ajouté par" in str(entry.holds) and "fichiers restent" in str(entry.holds)
