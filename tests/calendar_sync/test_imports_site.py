"""The import pages: upload → preview (nothing imported) → « Confirmer l'import » or « Abandonner »,
a bad file answered 400 with the French error and nothing stored, the coordination only, and
constant query counts."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calendar_sync.importing.report import ImportReport
from calendar_sync.models import AgendaEvent, Booking, IcsImport
from intranet.roles import Role

from .factories import BookingFactory, NetworkCalendarFactory
from .test_imports_bookings import vevent
from .test_imports_calendar import event, ics

PARIS = ZoneInfo("Europe/Paris")
ICS = Path(__file__).parent / "ics"
pytestmark = pytest.mark.django_db
URL = reverse("agenda:import")


@pytest.fixture
def calendar():
    return NetworkCalendarFactory(name="Actions culturelles", slug="actions-culturelles")


def upload(client, data: bytes, target: str, name="agenda.ics"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/calendar"), "target": target})


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def test_upload_preview_then_confirm(client_coordination, calendar):
    page = client_coordination.get(URL)
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Importer un fichier d’agenda"
    assert soup.find("input", {"type": "radio", "value": "actions-culturelles"}) is not None
    assert soup.find("input", {"type": "radio", "value": "bookings"}) is not None

    response = upload(client_coordination, (ICS / "google.ics").read_bytes(), "actions-culturelles", "google.ics")
    ics_import = IcsImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("agenda:import_preview", args=[ics_import.pk])
    assert not AgendaEvent.objects.exists()
    preview = client_coordination.get(response.url)
    shown = text(preview)
    assert "Vérifier l'import" in shown and "Rien n'est encore importé" in shown
    assert "Nouveaux 4" in shown and "Inchangés 0" in shown
    assert "« Atelier numérique » (17/03/2026 14:00) Nouveau" in shown

    confirmed = client_coordination.post(reverse("agenda:import_confirm", args=[ics_import.pk]), follow=True)
    assert AgendaEvent.objects.filter(calendar=calendar).count() == 4
    shown = text(confirmed)
    assert "Import terminé : 4 nouveaux, 0 mis à jour, 0 annulés, 0 ignorés." in shown
    assert "Rapport d'import" in shown and "Confirmer l'import" not in shown
    ics_import.refresh_from_db()
    assert ics_import.status == "done" and bytes(ics_import.content) == b""
    # Confirming twice imports nothing more.
    again = client_coordination.post(reverse("agenda:import_confirm", args=[ics_import.pk]))
    assert again.status_code == 400 and AgendaEvent.objects.count() == 4


def test_discard_imports_nothing(client_coordination, calendar):
    upload(client_coordination, ics(event()), "actions-culturelles")
    ics_import = IcsImport.objects.get()
    response = client_coordination.post(reverse("agenda:import_discard", args=[ics_import.pk]), follow=True)
    assert "Import abandonné : rien n'a été importé." in text(response)
    ics_import.refresh_from_db()
    assert ics_import.status == "discarded" and not AgendaEvent.objects.exists()


def test_a_bad_file_answers_400_with_the_error_and_stores_nothing(client_coordination, calendar):
    response = upload(client_coordination, ics(event()).replace(b"END:VEVENT\r\n", b""), "actions-culturelles")
    assert response.status_code == 400
    assert "Le composant VEVENT ouvert ligne 4 n'est jamais fermé" in text(response)
    assert not IcsImport.objects.exists() and not AgendaEvent.objects.exists()
    missing = client_coordination.post(URL, {"target": "actions-culturelles"})
    assert missing.status_code == 400 and not IcsImport.objects.exists()


def test_bookings_preview_shows_the_conflict(client_coordination, room, colleague, coordination_user):
    BookingFactory(room=room, organizer=colleague, title="Réunion d'équipe", start=dt.datetime(2026, 3, 12, 10,
                   tzinfo=PARIS), end=dt.datetime(2026, 3, 12, 12, tzinfo=PARIS))
    data = ics(vevent("a@old", "Comité", "20260312T100000", "20260312T110000", "Salle de réunion"),
               vevent("b@old", "Lecture", "20260312T140000", "20260312T150000", "Salle de réunion"))
    upload(client_coordination, data, "bookings")
    ics_import = IcsImport.objects.get()
    shown = text(client_coordination.get(reverse("agenda:import_preview", args=[ics_import.pk])))
    assert "Conflits : la salle est déjà réservée" in shown
    assert "« Comité » (12/03/2026 10:00) — Salle de réunion (Médiathèque de Plouvenec) Salle de réunion " \
           "(Médiathèque de Plouvenec) Réunion d'équipe" in shown
    assert Booking.objects.count() == 1
    client_coordination.post(reverse("agenda:import_confirm", args=[ics_import.pk]))
    assert list(Booking.objects.exclude(title="Réunion d'équipe").values_list("title", "organizer__user")) == [
        ("Lecture", coordination_user.pk)]


@pytest.mark.parametrize("role", [Role.REFERENTS, Role.STAFF, Role.VOLUNTEERS, Role.ELECTED])
def test_only_the_coordination_reaches_the_import(role, account, client_as, calendar, coordinator):
    client = client_as(account(role))
    assert client.get(URL).status_code == 403
    assert upload(client, ics(event()), "actions-culturelles").status_code == 403
    waiting = IcsImport.objects.create(created_by=coordinator, calendar=calendar, filename="a.ics",
                                       content=ics(event()), report=ImportReport(new=1).to_dict())
    assert client.get(reverse("agenda:import_preview", args=[waiting.pk])).status_code == 403
    assert client.post(reverse("agenda:import_confirm", args=[waiting.pk])).status_code == 403
    assert not AgendaEvent.objects.exists() and IcsImport.objects.count() == 1


def test_a_missing_import_is_404(client_coordination):
    assert client_coordination.get(reverse("agenda:import_preview", args=[999])).status_code == 404


@pytest.mark.parametrize("scale", [1, 10])
def test_import_pages_make_a_constant_number_of_queries(scale, client_coordination, coordinator,
                                                        django_assert_max_num_queries):
    calendars = [NetworkCalendarFactory() for _ in range(scale)]
    report = ImportReport()
    for number in range(5 * scale):
        report.add("new", f"« Événement {number} »")
        report.skip(f"« Ignoré {number} »", "raison")
    imports = [IcsImport.objects.create(created_by=coordinator, calendar=calendars[number % scale],
                                        filename=f"{number}.ics", content=b"x", report=report.to_dict())
               for number in range(3 * scale)]
    client_coordination.get(URL)  # the session and the account, once
    with django_assert_max_num_queries(12):
        assert client_coordination.get(URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert client_coordination.get(reverse("agenda:import_preview", args=[imports[-1].pk])).status_code == 200
