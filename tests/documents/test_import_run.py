"""The Drive import (documents.importing.import_takeout): a Takeout's tree rebuilt as folders, files
stored as dated documents, re-runs idempotent, refusals with their reasons, calendars imported."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Collection

from calendar_sync.models import AgendaEvent, NetworkCalendar
from documents import services
from documents.errors import NotAllowed
from documents.importing import Outcome, import_takeout
from documents.models import NetworkDocument, Readers

from . import import_zips
from .factories import FolderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def into(network_folder):
    return FolderFactory(network_folder, "Archives Drive")


@pytest.fixture
def takeout(tmp_path):
    return import_zips.build(import_zips.typical_members(), tmp_path / "takeout.zip") and tmp_path / "takeout.zip"


def _by_path(report):
    return {entry.path: entry for entry in report.entries}


def test_the_tree_is_rebuilt_with_its_accents_and_spaces(takeout, into, coordination_user):
    report = import_takeout(takeout, into=into, by=coordination_user)
    assert not report.error
    names = {folder.name for folder in into.get_descendants()}
    assert names == {"Comptes rendus", "Procédures", "Prêt entre médiathèques", "Images"}
    nested = Collection.objects.get(name="Prêt entre médiathèques")
    assert nested.get_parent().name == "Procédures"
    assert nested.access.inherited and nested.access.readers == Readers.NETWORK
    assert set(NetworkDocument.objects.filter(collection=nested).values_list("title", flat=True)) == {
        "Guide du prêt", "Affiche"}
    assert report.count(Outcome.FOLDER) == 4


def test_files_keep_their_drive_date_and_path(takeout, into):
    import_takeout(takeout, into=into)
    document = NetworkDocument.objects.get(title="Réunion de février")
    assert document.modified_at == datetime.datetime(2025, 11, 14, 16, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert document.source_path == "Takeout/Drive/Comptes rendus/Réunion de février.pdf"
    assert "Réunion de février" in document.text


def test_two_files_of_one_name_are_both_kept_under_distinct_titles(takeout, into):
    import_takeout(takeout, into=into)
    folder = Collection.objects.get(name="Comptes rendus")
    documents = NetworkDocument.objects.filter(collection=folder, title__startswith="Compte rendu").order_by("pk")
    assert [document.title for document in documents] == ["Compte rendu", "Compte rendu (2)"]
    assert "Premier" in documents[0].text and "Second" in documents[1].text


def test_a_file_that_is_not_what_its_name_says_is_refused_with_its_reason(takeout, into):
    report = import_takeout(takeout, into=into)
    entry = _by_path(report)["Takeout/Drive/Images/Photo.jpg"]
    assert entry.outcome == Outcome.REFUSED
    assert "Photo.jpg" in entry.reason and "annonce son nom (une image JPEG)" in entry.reason
    assert not NetworkDocument.objects.filter(title="Photo").exists()


def test_takeout_clutter_is_left_aside(takeout, into):
    report = import_takeout(takeout, into=into)
    paths = " ".join(entry.path for entry in report.entries)
    assert "archive_browser" not in paths and "desktop.ini" not in paths and "__MACOSX" not in paths
    assert report.count(Outcome.IMPORTED) == 5


def test_a_rerun_skips_everything_and_adds_no_row(takeout, into):
    import_takeout(takeout, into=into)
    documents, folders = NetworkDocument.objects.count(), Collection.objects.count()
    again = import_takeout(takeout, into=into)
    assert again.count(Outcome.IMPORTED) == 0 and again.count(Outcome.FOLDER) == 0
    assert again.count(Outcome.SKIPPED) == 5
    assert (NetworkDocument.objects.count(), Collection.objects.count()) == (documents, folders)


def test_a_dry_run_writes_nothing_and_says_what_would_happen(takeout, into):
    documents, folders = NetworkDocument.objects.count(), Collection.objects.count()
    report = import_takeout(takeout, into=into, dry_run=True)
    assert report.dry_run and report.count(Outcome.IMPORTED) == 5 and report.count(Outcome.FOLDER) == 4
    assert (NetworkDocument.objects.count(), Collection.objects.count()) == (documents, folders)
    assert not NetworkCalendar.objects.filter(name="Agenda du réseau").exists()
    calendar = _by_path(report)["Takeout/Calendar/Agenda du réseau.ics"]
    assert calendar.outcome == Outcome.CALENDAR and "2" in calendar.reason


def test_the_calendar_goes_through_the_calendar_importer(takeout, into):
    report = import_takeout(takeout, into=into)
    entry = _by_path(report)["Takeout/Calendar/Agenda du réseau.ics"]
    assert entry.outcome == Outcome.CALENDAR
    assert entry.reason == "Agenda « Agenda du réseau » : 2 nouveaux, 0 modifiés, 0 inchangés, 0 ignorés."
    calendar = NetworkCalendar.objects.get(name="Agenda du réseau")
    assert set(AgendaEvent.objects.filter(calendar=calendar).values_list("title", flat=True)) == {
        "Comité de pilotage", "Comité technique"}
    again = _by_path(import_takeout(takeout, into=into))["Takeout/Calendar/Agenda du réseau.ics"]
    assert "0 nouveaux" in again.reason and "2 inchangés" in again.reason


def test_a_refused_calendar_is_a_refused_entry(tmp_path, into):
    path = tmp_path / "t.zip"
    import_zips.build([import_zips.member("Takeout/Calendar/Cassé.ics", b"not a calendar at all")], path)
    entry = import_takeout(path, into=into).entries[0]
    assert entry.outcome == Outcome.REFUSED and entry.reason
    assert not NetworkCalendar.objects.filter(name="Cassé").exists()


def test_only_the_coordination_imports(takeout, into, staff_user):
    with pytest.raises(NotAllowed):
        import_takeout(takeout, into=into, by=staff_user)
    assert not into.get_children().exists()


def test_progress_is_told_after_each_member(takeout, into):
    calls = []
    import_takeout(takeout, into=into, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(done, 7) for done in range(1, 8)]


def test_a_failure_midway_leaves_the_first_files_whole_and_a_rerun_completes(takeout, into, monkeypatch):
    real = services.store_document
    calls = {"count": 0}

    def failing(**kwargs):
        calls["count"] += 1
        if calls["count"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "store_document", failing)
    with pytest.raises(RuntimeError):
        import_takeout(takeout, into=into)
    kept = list(NetworkDocument.objects.filter(collection__in=into.get_descendants()))
    assert len(kept) == 2
    assert all(document.file.storage.exists(document.file.name) for document in kept)
    monkeypatch.setattr(services, "store_document", real)
    report = import_takeout(takeout, into=into)
    assert (report.count(Outcome.SKIPPED), report.count(Outcome.IMPORTED)) == (2, 3)
    assert NetworkDocument.objects.filter(collection__in=into.get_descendants()).count() == 5


GUIDE = "Takeout/Drive/Procédures/Prêt entre médiathèques/Guide du prêt.docx"


def test_as_drafts_turns_each_word_file_into_a_draft_tutorial_and_keeps_the_document(takeout, into,
                                                                                    coordination_user):
    from tutorials.models import TutorialPage

    report = import_takeout(takeout, into=into, by=coordination_user, as_drafts=True)
    entry = _by_path(report)[GUIDE]
    assert entry.outcome == Outcome.IMPORTED and entry.document_id and entry.draft_page_id
    draft = TutorialPage.objects.get(pk=entry.draft_page_id)
    assert draft.title == "Guide du prêt"
    assert not draft.live and draft.has_unpublished_changes
    assert NetworkDocument.objects.filter(pk=entry.document_id).exists()


def test_a_re_run_with_drafts_makes_no_second_draft(takeout, into, coordination_user):
    from tutorials.models import TutorialPage

    import_takeout(takeout, into=into, by=coordination_user, as_drafts=True)
    count = TutorialPage.objects.count()
    report = import_takeout(takeout, into=into, by=coordination_user, as_drafts=True)
    assert _by_path(report)[GUIDE].outcome == Outcome.SKIPPED
    assert TutorialPage.objects.count() == count


def test_a_draft_that_fails_keeps_the_document_and_says_why(takeout, into, monkeypatch):
    from documents import drafts
    from documents.errors import Refused

    def unreadable(file, **kwargs):
        raise Refused("mise en page illisible")

    monkeypatch.setattr(drafts, "draft_tutorial_from_docx", unreadable)
    report = import_takeout(takeout, into=into, as_drafts=True)
    entry = _by_path(report)[GUIDE]
    assert entry.outcome == Outcome.IMPORTED and entry.draft_page_id is None
    assert entry.reason == "Pas de brouillon de tutoriel : mise en page illisible"
    assert NetworkDocument.objects.filter(pk=entry.document_id).exists()
