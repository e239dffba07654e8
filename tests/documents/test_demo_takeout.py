"""The demo Google Takeout (documents.demo_takeout, `manage.py build_demo_takeout`): a valid zip laid
out as Google exports Drive and Calendar, whose files pass the library's content check except the one
meant to be refused."""

import datetime
import io
import zipfile

import icalendar
import mammoth
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from documents import uploads
from documents.demo_takeout import CALENDAR, DRIVE, GENERATED_FOLDERS, build_demo_takeout
from documents.text import extract_text

EXPECTED = [
    "Takeout/archive_browser.html",
    f"{DRIVE}/Charte d’accueil.pdf",
    f"{DRIVE}/Comptes rendus/COTECH 2025-11.docx",
    f"{DRIVE}/Comptes rendus/Relevé de décisions.pdf",
    f"{DRIVE}/Comptes rendus/Relevé de décisions(1).pdf",
    f"{DRIVE}/Procédures/Prêt entre bibliothèques.docx",
    f"{DRIVE}/Procédures/Inscription d’un lecteur.odt",
    f"{DRIVE}/Affiches/Fête du livre.png",
    f"{DRIVE}/Affiches/Photos/Été 2025/Atelier d’écriture.jpg",
    f"{DRIVE}/Budget et statistiques/Budget 2026.xlsx",
    f"{DRIVE}/Budget et statistiques/rapport.pdf",
    f"{DRIVE}/Animations/Été 2025/Programme des ateliers/Programme jeunesse.docx",
    CALENDAR,
]


@pytest.fixture
def takeout(tmp_path):
    return zipfile.ZipFile(build_demo_takeout(tmp_path / "takeout.zip"))


def _checked(archive: zipfile.ZipFile, name: str):
    return uploads.check(SimpleUploadedFile(name.rsplit("/", 1)[-1], archive.read(name)))


def test_the_takeout_is_a_valid_zip_laid_out_as_google_exports_it(takeout):
    assert takeout.testzip() is None
    names = takeout.namelist()
    assert set(EXPECTED) <= set(names)
    assert all(name.startswith("Takeout/") and ".." not in name for name in names)


def test_every_drive_file_passes_the_content_check_but_the_fake_pdf(takeout):
    drive_files = [name for name in takeout.namelist() if name.startswith(f"{DRIVE}/")]
    refused = []
    for name in drive_files:
        try:
            _checked(takeout, name)
        except uploads.UploadRefused:
            refused.append(name)
    assert refused == [f"{DRIVE}/Budget et statistiques/rapport.pdf"]
    assert takeout.read(refused[0]).lstrip().startswith(b"<!DOCTYPE html>")


def test_the_two_files_of_one_name_differ_in_content(takeout):
    first, second = (takeout.read(f"{DRIVE}/Comptes rendus/Relevé de décisions{suffix}.pdf") for suffix in ("", "(1)"))
    assert first != second


def test_the_minutes_are_a_word_file_with_headings_and_lists(takeout):
    html = mammoth.convert_to_html(io.BytesIO(takeout.read(f"{DRIVE}/Comptes rendus/COTECH 2025-11.docx"))).value
    assert html.startswith("<h1>Comité technique du 20 novembre 2025</h1>")
    assert "<h2>Ordre du jour</h2><ol><li>Bilan de la navette documentaire</li>" in html
    assert "<ul><li>La navette passe le mardi et le vendredi à partir de janvier.</li>" in html


def test_the_charter_pdf_reads_back_its_text(takeout):
    name = f"{DRIVE}/Charte d’accueil.pdf"
    checked = _checked(takeout, name)
    assert "Charte d’accueil du public" in extract_text(checked.upload, "pdf")


def test_the_entries_are_dated_over_the_last_year(takeout):
    today = timezone.localdate()
    dates = {datetime.date(*info.date_time[:3]) for info in takeout.infolist()}
    assert min(dates) >= today - datetime.timedelta(days=366)
    assert max(dates) <= today
    assert len(dates) >= 10  # spread, not all on one day


def test_the_calendar_holds_three_events_around_today_one_weekly(takeout):
    calendar = icalendar.Calendar.from_ical(takeout.read(CALENDAR))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    assert [str(event.get("SUMMARY")) for event in events if event.get("RRULE")] == ["Permanence numérique du réseau"]
    today = timezone.localdate()
    starts = [event.decoded("DTSTART").date() for event in events]
    assert all(today < start <= today + datetime.timedelta(days=30) for start in starts)


def test_generated_files_are_spread_over_twenty_folders(tmp_path):
    archive = zipfile.ZipFile(build_demo_takeout(tmp_path / "big.zip", files=45))
    generated = [name for name in archive.namelist() if name.startswith(f"{DRIVE}/Archives/")]
    assert len(generated) == 45
    assert len({name.rsplit("/", 1)[0] for name in generated}) == GENERATED_FOLDERS
    contents = {archive.read(name) for name in generated}
    assert len(contents) == 45  # all distinct: none is skipped as « already imported »
    assert {name.rsplit(".", 1)[1] for name in generated} == {"pdf", "docx", "txt"}
    for name in generated[:6]:
        _checked(archive, name)


def test_the_command_writes_the_default_path_and_prints_it(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("build_demo_takeout", stdout=out)
    path = tmp_path / "demo" / "takeout-demo.zip"
    assert out.getvalue().strip() == str(path)
    assert zipfile.ZipFile(path).testzip() is None


def test_the_command_takes_a_path_and_a_number_of_files(tmp_path):
    out = io.StringIO()
    call_command("build_demo_takeout", str(tmp_path / "t.zip"), "--files", "7", stdout=out)
    names = zipfile.ZipFile(tmp_path / "t.zip").namelist()
    assert len([name for name in names if "/Archives/" in name]) == 7
    assert out.getvalue().strip() == str(tmp_path / "t.zip")


def test_the_command_refuses_a_negative_number_of_files(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("build_demo_takeout", str(tmp_path / "t.zip"), "--files", "-1")
    assert not (tmp_path / "t.zip").exists()
