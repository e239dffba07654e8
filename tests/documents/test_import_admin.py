"""The Drive import in the admin: for the coordination only, the Takeout uploaded and imported in the
background (the immediate task backend runs it at once), its status page and report, the list of
past imports; a constant number of queries on each page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import samples
from documents.models import DriveImport, ImportStatus, NetworkDocument
from documents.tasks import Progress, run_drive_import

from . import import_zips
from .import_zips import member

pytestmark = pytest.mark.django_db

NEW = reverse("documents_import:new")
INDEX = reverse("documents_import:index")


def _takeout():
    return SimpleUploadedFile("takeout-drive.zip", import_zips.build(import_zips.typical_members()),
                              content_type="application/zip")


def _post(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(NEW, {"archive": _takeout(), "folder": "Réseau/Archives Drive", **data})


def test_the_coordination_imports_a_takeout_and_reads_the_report(client_coordination, network_folder,
                                                                  django_capture_on_commit_callbacks):
    response = _post(client_coordination, django_capture_on_commit_callbacks)
    drive_import = DriveImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents_import:status", args=[drive_import.pk])
    assert drive_import.status == ImportStatus.DONE
    assert (drive_import.files_done, drive_import.files_total) == (7, 7)
    assert drive_import.report["totals"]["imported"] == 5
    assert not drive_import.archive  # deleted at the end
    page = client_coordination.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Importation de takeout-drive.zip" in html
    assert "Réseau/Archives Drive" in html
    assert "Terminé" in html and 'http-equiv="refresh"' not in html
    assert "Takeout/Drive/Comptes rendus/Réunion de février.pdf" in html
    assert "annonce son nom" in html
    assert NetworkDocument.objects.filter(uploaded_by_user__isnull=False).count() == 5


def test_the_report_can_show_one_outcome(client_coordination, network_folder, django_capture_on_commit_callbacks):
    _post(client_coordination, django_capture_on_commit_callbacks)
    html = client_coordination.get(reverse("documents_import:status", args=[DriveImport.objects.get().pk]),
                                   {"outcome": "refused"}).content.decode()
    assert "Photo.jpg" in html and "Réunion de février.pdf" not in html


def test_a_queued_import_refreshes_its_page(client_coordination, network_folder, coordination_user):
    drive_import = DriveImport.objects.create(collection=network_folder, archive_name="takeout.zip",
                                              requested_by=coordination_user, files_total=10, files_done=4)
    html = client_coordination.get(reverse("documents_import:status", args=[drive_import.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<progress id="import-progress" max="10" value="4">40 %</progress>' in html
    assert "4 sur 10 fichiers (40 %)" in html


def test_a_dry_run_from_the_admin_writes_nothing(client_coordination, network_folder,
                                                 django_capture_on_commit_callbacks):
    response = _post(client_coordination, django_capture_on_commit_callbacks, folder="Réseau", dry_run="on")
    assert response.status_code == 302
    assert DriveImport.objects.get().report["totals"]["imported"] == 5
    assert not NetworkDocument.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_with_the_form(client_coordination, network_folder):
    response = client_coordination.post(NEW, {"archive": SimpleUploadedFile("x.zip", samples.pdf_bytes()),
                                              "folder": "Réseau"})
    assert response.status_code == 400
    assert "n’est pas une archive zip" in response.content.decode()
    assert not DriveImport.objects.exists()


def test_an_unknown_folder_is_refused_with_the_form(client_coordination, network_folder):
    response = client_coordination.post(NEW, {"archive": _takeout(), "folder": "Nulle part/Ici"})
    assert response.status_code == 400
    assert "Il n’y a pas de dossier « Nulle part »" in response.content.decode()
    assert not DriveImport.objects.exists()


def test_a_refused_archive_is_a_failed_import_with_its_reason(client_coordination, network_folder, settings,
                                                              django_capture_on_commit_callbacks):
    settings.DRIVE_IMPORT_MAX_FILES = 2
    _post(client_coordination, django_capture_on_commit_callbacks)
    drive_import = DriveImport.objects.get()
    assert drive_import.status == ImportStatus.FAILED
    assert drive_import.error.startswith("L’archive contient")
    html = client_coordination.get(reverse("documents_import:status", args=[drive_import.pk])).content.decode()
    assert "Échec" in html and "L’archive contient" in html


def test_a_crash_marks_the_import_failed(network_folder, coordination_user, monkeypatch):
    drive_import = DriveImport.objects.create(collection=network_folder, archive=_takeout(),
                                              archive_name="takeout.zip", requested_by=coordination_user)

    def crash(*args, **kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("documents.importing.import_takeout", crash)
    run_drive_import.enqueue(drive_import.pk)
    drive_import.refresh_from_db()
    assert drive_import.status == ImportStatus.FAILED and "disque plein" in drive_import.error
    assert not drive_import.archive


def test_progress_is_written_at_most_every_two_percent(network_folder, coordination_user, django_assert_num_queries):
    drive_import = DriveImport.objects.create(collection=network_folder, archive_name="t.zip",
                                              requested_by=coordination_user)
    progress = Progress(drive_import)
    with django_assert_num_queries(51):  # 1000 files: every 20th, the first and the last
        for done in range(1, 1001):
            progress(done, 1000)
    drive_import.refresh_from_db()
    assert (drive_import.files_done, drive_import.files_total) == (1000, 1000)


def test_the_list_of_imports(client_coordination, network_folder, coordination_user):
    DriveImport.objects.create(collection=network_folder, archive_name="ancien-drive.zip",
                               requested_by=coordination_user, status=ImportStatus.DONE)
    html = client_coordination.get(INDEX).content.decode()
    assert "Imports depuis Google Drive" in html and "ancien-drive.zip" in html and "Terminé" in html


def test_the_menu_item_is_shown_to_the_coordination_only(client_coordination, client_referent):
    assert "Importer depuis Google Drive" in client_coordination.get(reverse("wagtailadmin_home")).content.decode()
    assert "Importer depuis Google Drive" not in client_referent.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("url", [INDEX, NEW])
def test_others_are_refused(client_referent, client_staff, url):
    assert client_referent.get(url).status_code == 403
    assert client_referent.post(NEW, {"archive": _takeout(), "folder": "Réseau"}).status_code == 403
    assert client_staff.get(url).status_code in (302, 403)
    assert not DriveImport.objects.exists()


def test_a_status_page_is_refused_to_others(client_referent, network_folder, coordination_user):
    drive_import = DriveImport.objects.create(collection=network_folder, archive_name="t.zip",
                                              requested_by=coordination_user)
    assert client_referent.get(reverse("documents_import:status", args=[drive_import.pk])).status_code == 403


@pytest.mark.parametrize("scale", [1, 10])
def test_pages_stay_at_a_constant_number_of_queries(client_coordination, network_folder, coordination_user, scale,
                                                    django_assert_max_num_queries):
    imports = [DriveImport.objects.create(
        collection=network_folder, archive_name=f"t{number}.zip", requested_by=coordination_user,
        status=ImportStatus.DONE,
        report={"archive": "t.zip", "folder": "Réseau", "entries": [
            {"path": f"Drive/{line}.pdf", "outcome": "imported", "reason": "", "size": 1, "document_id": None,
             "draft_page_id": None} for line in range(30 * scale)]}) for number in range(3 * scale)]
    for url in (INDEX, NEW, reverse("documents_import:status", args=[imports[-1].pk])):
        with django_assert_max_num_queries(25):
            assert client_coordination.get(url).status_code == 200


def test_a_bare_zip_member_list_in_a_small_archive(tmp_path, network_folder, coordination_user,
                                                    django_capture_on_commit_callbacks, client_coordination):
    archive = SimpleUploadedFile("petit.zip", import_zips.build([member("Note.pdf", samples.pdf_bytes("Note"))]))
    with django_capture_on_commit_callbacks(execute=True):
        client_coordination.post(NEW, {"archive": archive, "folder": "Réseau"})
    assert NetworkDocument.objects.get().collection == network_folder
