"""`manage.py import_drive`: the folder named by a path (its last part made), the table of what was
imported, skipped and refused, the progress on stderr, the JSON report, the exit code of a refused
archive."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Collection

from documents import samples
from documents.models import NetworkDocument

from . import import_zips
from .import_zips import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def takeout(tmp_path, network_folder):
    path = tmp_path / "takeout.zip"
    import_zips.build(import_zips.typical_members(), path)
    return path


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_drive", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_makes_the_last_folder_and_prints_the_table(takeout, network_folder):
    out, err = _call(takeout, "--collection", "Réseau/Archives Drive")
    folder = network_folder.get_children().get(name="Archives Drive")
    assert folder.access.inherited
    assert NetworkDocument.objects.filter(collection__in=folder.get_descendants()).count() == 5
    lines = out.splitlines()
    assert any(line.startswith("Importé") and "Takeout/Drive/Comptes rendus/Réunion de février.pdf" in line
               for line in lines)
    assert any(line.startswith("Refusé") and "Photo.jpg" in line and "annonce son nom" in line for line in lines)
    assert any(line.startswith("Dossier créé") and "Procédures/Prêt entre médiathèques" in line for line in lines)
    assert "Totaux : Importé : 5, Déjà présent : 0, Refusé : 1, Agenda : 1, Dossier créé : 4" in out
    # Not a terminal: one progress line per tenth, the last one full.
    assert err.strip().splitlines()[-1] == "[" + "#" * 30 + "] 7/7"


def test_a_second_run_skips_everything(takeout):
    _call(takeout, "--collection", "Réseau/Archives Drive")
    count = NetworkDocument.objects.count()
    out, _err = _call(takeout, "--collection", "Réseau/Archives Drive")
    assert "Importé : 0, Déjà présent : 5" in out
    assert NetworkDocument.objects.count() == count


def test_the_json_report(takeout, tmp_path, network_folder):
    report = tmp_path / "report.json"
    _call(takeout, "--collection", network_folder.pk, "--report", report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["folder"] == "Réseau" and data["archive"] == "takeout.zip"
    assert data["totals"] == {"imported": 5, "skipped": 0, "refused": 1, "calendar": 1, "folder": 4}
    refused = next(entry for entry in data["entries"] if entry["outcome"] == "refused")
    assert refused["path"] == "Takeout/Drive/Images/Photo.jpg" and "JPEG" in refused["reason"]
    assert "Réunion de février" in report.read_text(encoding="utf-8")  # UTF-8, not escaped


def test_a_dry_run_writes_nothing(takeout, network_folder):
    folders = Collection.objects.count()
    out, _err = _call(takeout, "--collection", "Réseau", "--dry-run")
    assert "Importé : 5" in out and "Essai : rien n'a été écrit." in out
    assert not NetworkDocument.objects.exists() and Collection.objects.count() == folders


def test_a_dry_run_into_a_missing_folder_is_refused(takeout):
    with pytest.raises(CommandError, match="n’existe pas encore"):
        _call(takeout, "--collection", "Réseau/Nouveau", "--dry-run")


def test_a_refused_archive_exits_with_an_error_and_still_writes_its_report(tmp_path, network_folder, settings):
    settings.DRIVE_IMPORT_MAX_FILES = 1
    path = tmp_path / "t.zip"
    import_zips.build([member("Drive/A.pdf", samples.pdf_bytes()), member("Drive/B.pdf", samples.pdf_bytes())], path)
    report = tmp_path / "r.json"
    with pytest.raises(CommandError, match="Archive refusée : L’archive contient 2 éléments"):
        _call(path, "--collection", "Réseau", "--report", report)
    assert json.loads(report.read_text(encoding="utf-8"))["error"].startswith("L’archive contient 2")


def test_an_unknown_folder_path_is_refused(takeout):
    with pytest.raises(CommandError, match="Il n’y a pas de dossier « Inconnu » "):
        _call(takeout, "--collection", "Inconnu/Sous/Dossier")


def test_as_an_account_that_may_not_import(takeout, staff_user):
    with pytest.raises(CommandError, match="seule la coordination"):
        _call(takeout, "--collection", "Réseau", "--as", staff_user.email)


def test_as_the_coordination_the_documents_are_theirs(takeout, coordination_user):
    _call(takeout, "--collection", "Réseau", "--as", coordination_user.email)
    assert set(NetworkDocument.objects.values_list("uploaded_by_user", flat=True)) == {coordination_user.pk}


def test_the_progress_bar_is_redrawn_in_place_on_a_terminal(takeout):
    from documents.management.commands.import_drive import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    from django.core.management.base import OutputWrapper

    stream = Terminal()
    bar = ProgressBar(OutputWrapper(stream))
    for done in range(1, 4):
        bar(done, 3)
    assert stream.getvalue() == ("\r[" + "#" * 10 + "-" * 20 + "] 1/3" + "\r[" + "#" * 20 + "-" * 10 + "] 2/3"
                                 + "\r[" + "#" * 30 + "] 3/3\n")


def test_as_drafts_names_each_draft_tutorial_in_the_table(takeout):
    from tutorials.models import TutorialPage

    out, _err = _call(takeout, "--collection", "Réseau/Archives Drive", "--as-drafts")
    draft = TutorialPage.objects.get(title="Guide du prêt")
    assert not draft.live
    assert any("Guide du prêt.docx" in line and f"brouillon de tutoriel n° {draft.pk}" in line
               for line in out.splitlines())
    assert "1 brouillon de tutoriel à relire et publier dans l’administration." in out
