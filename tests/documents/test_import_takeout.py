"""The Drive import's guards (documents.importing.takeout): zip bombs, unsafe paths, links, sizes and
counts refused with a clear reason; a refused archive writes nothing, a refused file only itself;
nothing is ever written outside the private media folder."""

import os
import zipfile

import pytest
from wagtail.models import Collection

from documents import samples
from documents.importing import Outcome, import_takeout
from documents.importing.takeout import Takeout, zip_datetime
from documents.models import NetworkDocument

from . import import_zips
from .import_zips import member

pytestmark = pytest.mark.django_db

PDF = samples.pdf_bytes("Bon fichier")


@pytest.fixture
def into(network_folder):
    return network_folder


def _run(tmp_path, members, into, **options):
    path = tmp_path / "takeout.zip"
    import_zips.build(members, path)
    return import_takeout(path, into=into, **options)


def _refusals(report):
    return {entry.path: entry.reason for entry in report.entries if entry.outcome == Outcome.REFUSED}


def test_traversal_and_absolute_paths_are_refused_and_the_rest_imported(tmp_path, into):
    report = _run(tmp_path, [
        member("../../evil.pdf", PDF),
        member("/etc/evil.pdf", PDF),
        member("C:/Windows/evil.pdf", PDF),
        member("Drive/..\\..\\evil.pdf", PDF),
        member("Drive/Bon/../../evil.pdf", PDF),
        member("Drive/Bon fichier.pdf", PDF),
    ], into)
    refusals = _refusals(report)
    assert refusals == {
        "../../evil.pdf": "Le chemin remonte hors de son dossier (« .. »).",
        "/etc/evil.pdf": "Le chemin est absolu.",
        "C:/Windows/evil.pdf": "Le chemin commence par une lettre de lecteur.",
        "Drive/..\\..\\evil.pdf": "Le nom contient une barre oblique inversée, qui pourrait mener hors du dossier.",
        "Drive/Bon/../../evil.pdf": "Le chemin remonte hors de son dossier (« .. »).",
    }
    assert list(NetworkDocument.objects.values_list("title", flat=True)) == ["Bon fichier"]
    assert not Collection.objects.filter(name__in=["etc", "Windows", "Bon"]).exists()


def test_a_symlink_and_a_fifo_are_refused(tmp_path, into):
    report = _run(tmp_path, [
        member("Drive/Lien.pdf", b"/etc/passwd", mode=import_zips.SYMLINK),
        member("Drive/Tube.pdf", PDF, mode=import_zips.FIFO),
        member("Drive/Vrai.pdf", PDF, mode=0o100644),
    ], into)
    assert _refusals(report) == {"Drive/Lien.pdf": "Un lien, pas un fichier : les liens ne sont jamais suivis.",
                                 "Drive/Tube.pdf": "Pas un fichier ordinaire."}
    assert report.count(Outcome.IMPORTED) == 1


def test_a_control_character_in_a_name_is_refused(tmp_path, into):
    report = _run(tmp_path, [member("Drive/Bad\x07name.pdf", PDF)], into)
    assert report.entries[0].outcome == Outcome.REFUSED
    assert report.entries[0].path == "Drive/Bad?name.pdf"
    assert report.entries[0].reason == "Le nom contient des caractères de contrôle."


def test_a_member_beyond_the_ratio_is_never_inflated(tmp_path, into):
    bomb = b"\x00" * (5 * 1024 * 1024)
    report = _run(tmp_path, [member("Drive/Zéros.txt", bomb), member("Drive/Bon.pdf", PDF)], into)
    reason = _refusals(report)["Drive/Zéros.txt"]
    assert reason.startswith("Compressé plus de 100 fois")
    assert report.count(Outcome.IMPORTED) == 1


def test_a_lying_header_is_not_read_past_its_declared_size(tmp_path, into, monkeypatch):
    path = tmp_path / "liar.zip"
    path.write_bytes(import_zips.lying_header("Drive/Menteur.txt", b"a" * 400_000, declared=1000))
    with Takeout(path) as takeout:
        reads = []
        real_open = takeout.zip.open

        def counting_open(info, *args, **kwargs):
            opened = real_open(info, *args, **kwargs)
            real_read = opened.read

            def read(size=-1):
                data = real_read(size)
                reads.append(len(data))
                return data

            opened.read = read
            return opened

        monkeypatch.setattr(takeout.zip, "open", counting_open)
        assert takeout.members[0].size == 1000
        with pytest.raises(Exception) as refused:
            takeout.read(takeout.members[0])
    assert sum(reads) <= 1001
    assert "ne correspond pas" in refused.value.message
    report = import_takeout(path, into=into)
    assert report.entries[0].outcome == Outcome.REFUSED and not NetworkDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path, into, settings):
    settings.DOCUMENTS_MAX_BYTES = 1000
    report = _run(tmp_path, [member("Drive/Gros.pdf", PDF + b" " * 2000)], into)
    assert _refusals(report)["Drive/Gros.pdf"].startswith("Trop volumineux")


def test_too_many_files_refuses_the_whole_archive(tmp_path, into, settings):
    settings.DRIVE_IMPORT_MAX_FILES = 3
    report = _run(tmp_path, [member(f"Drive/{number}.pdf", PDF) for number in range(4)], into)
    assert report.error == ("L’archive contient 4 éléments : 3 au plus sont acceptés. Exportez votre Drive en "
                            "plusieurs archives plus petites.")
    assert report.entries == [] and not NetworkDocument.objects.exists()


def test_a_total_size_beyond_the_limit_refuses_the_whole_archive(tmp_path, into, settings):
    settings.DRIVE_IMPORT_MAX_TOTAL_BYTES = 1000
    report = _run(tmp_path, [member("Drive/A.pdf", PDF), member("Drive/B.pdf", PDF)], into)
    assert report.error.startswith("Décompressée, l’archive occuperait")
    assert not NetworkDocument.objects.exists()


def test_an_archive_too_heavy_is_refused_before_it_is_opened(tmp_path, into, settings):
    settings.DRIVE_IMPORT_MAX_ARCHIVE_BYTES = 100
    report = _run(tmp_path, [member("Drive/A.pdf", PDF)], into)
    assert report.error.startswith("L’archive pèse")


def test_a_file_that_is_not_a_zip_is_refused(tmp_path, into):
    path = tmp_path / "takeout.zip"
    path.write_bytes(PDF)
    report = import_takeout(path, into=into)
    assert report.error == "Ce fichier n’est pas une archive zip : exportez votre Drive avec Google Takeout en .zip."


def test_an_encrypted_archive_is_refused(tmp_path, into):
    content = bytearray(import_zips.build([member("Drive/A.pdf", PDF)]))
    content[6] |= 0x1  # the local header's « encrypted » flag
    central = content.rfind(b"PK\x01\x02")
    content[central + 8] |= 0x1
    path = tmp_path / "takeout.zip"
    path.write_bytes(bytes(content))
    assert import_takeout(path, into=into).error == ("L’archive est chiffrée : exportez-la de nouveau sans mot de "
                                                     "passe.")


def test_nothing_is_written_outside_the_private_media_folder(tmp_path, into, settings, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    members = [*import_zips.typical_members(), member("../../evil.pdf", PDF), member("/tmp/evil.pdf", PDF)]
    report = _run(tmp_path, members, into)
    assert report.count(Outcome.IMPORTED) == 5
    assert list(work.iterdir()) == []
    assert not os.path.exists(settings.MEDIA_ROOT) or list(os.scandir(settings.MEDIA_ROOT)) == []
    stored = {os.path.realpath(document.file.path) for document in NetworkDocument.objects.all()}
    assert all(path.startswith(os.path.realpath(settings.PRIVATE_MEDIA_ROOT)) for path in stored)
    assert sorted(os.listdir(settings.PRIVATE_MEDIA_ROOT)) == ["documents"]
    assert not (tmp_path.parent / "evil.pdf").exists() and not os.path.exists("/tmp/evil.pdf")


def test_a_bare_drive_tree_and_the_french_names_are_read(tmp_path):
    path = tmp_path / "t.zip"
    import_zips.build([member("Rapports/Bilan.pdf", PDF), member("Agenda/Notes.pdf", PDF)], path)
    with Takeout(path) as takeout:
        assert [(m.kind, m.folders) for m in takeout.members] == [("drive", ("Rapports",)), ("drive", ("Agenda",))]
    import_zips.build([member("Takeout/Mon Drive/Bilan.pdf", PDF), member("Takeout/Agenda/Réseau.ics", b"x"),
                       member("Takeout/Mail/inbox.mbox", b"x")], path)
    with Takeout(path) as takeout:
        assert [(m.kind, m.folders, m.name) for m in takeout.members] == [
            ("drive", (), "Bilan.pdf"), ("calendar", (), "Réseau.ics")]
    import_zips.build([member("Takeout/Drive/Mon Drive/Rapports/Bilan.pdf", PDF)], path)
    with Takeout(path) as takeout:
        assert [(m.folders, m.name) for m in takeout.members] == [(("Rapports",), "Bilan.pdf")]


def test_names_are_nfc_normalised(tmp_path):
    path = tmp_path / "t.zip"
    decomposed = "Proce\u0301dures"
    import_zips.build([member(f"Takeout/Drive/{decomposed}/A.pdf", PDF)], path)
    with Takeout(path) as takeout:
        assert takeout.members[0].folders == ("Procédures",)


def test_an_empty_drive_folder_is_made_too(tmp_path, into):
    info = zipfile.ZipInfo("Takeout/Drive/Vide/")
    report = _run(tmp_path, [(info, b""), member("Takeout/Drive/A.pdf", PDF)], into)
    assert [entry.path for entry in report.entries if entry.outcome == Outcome.FOLDER] == ["Vide"]
    assert into.get_children().filter(name="Vide").exists()


def test_zip_dates_are_paris_time():
    moment = zip_datetime((2026, 7, 1, 12, 0, 0))
    assert moment.utcoffset().total_seconds() == 7200
    assert zip_datetime((1980, 0, 0, 0, 0, 0)) is None
