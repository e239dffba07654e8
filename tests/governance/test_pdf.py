"""The print views and PDFs of a meeting's agenda and minutes: what they hold, that each PDF is made
in memory (two at once each hold their own meeting), and that WeasyPrint's URL fetcher serves the
app's own static files and refuses everything else (file:, other hosts, data:, climbing out)."""

import datetime as dt
import io
import re
import threading
from html import unescape

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from governance import pdf
from governance.models import Attendance, AttendanceStatus, DecisionOutcome, MembershipRole, Minutes, MinutesStatus
from governance.selectors.minutes import agenda_schedule
from governance.services import minutes as services
from governance.views import minutes as minutes_views
from intranet.roles import Role
from tests.accounts import logged_in

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PersonFactory,
)

BASE = "http://testserver/"
CSS_URL = BASE + "static/governance/css/print.css"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def url(meeting, name):
    return reverse(f"governance:{name}", args=[meeting.pk])


@pytest.fixture
def held(body, secretary, join):
    """Last Tuesday's COTECH with two items, attendance, a decision, an action and approved minutes."""
    meeting = MeetingFactory(body=body, title="COTECH du 3 mars", days_ahead=-7)
    budget = AgendaItemFactory(meeting=meeting, title="Budget des acquisitions", position=1, duration_minutes=30)
    AgendaItemFactory(meeting=meeting, title="Portail commun", position=2, duration_minutes=45)
    anne, bleuenn = PersonFactory(first_name="Anne", last_name="Kervella"), PersonFactory(first_name="Bleuenn",
                                                                                          last_name="Morvan")
    for person in (anne, bleuenn):
        join(body, person, MembershipRole.REFERENT)
    services.attendance_record(meeting=meeting, by=secretary, entries=[
        (secretary, AttendanceStatus.PRESENT, None), (anne, AttendanceStatus.PRESENT, None),
        (bleuenn, AttendanceStatus.REPRESENTED, anne)])
    minutes = services.minutes_save(meeting=meeting, by=secretary, summary="<p>Séance ouverte à 14 h.</p>",
                                    items={budget.pk: "<p>Le budget 2026 est présenté par la coordination.</p>"})
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.APPROVED, approved_on=timezone.localdate())
    decision = DecisionFactory(meeting=meeting, item=budget, number="COTECH-2026-04",
                               text="Le budget des acquisitions est adopté.", outcome=DecisionOutcome.ADOPTED)
    ActionItemFactory(body=body, meeting=meeting, decision=decision, owner=anne, title="Publier le budget")
    return meeting


# --- What the print views and PDFs hold -------------------------------------------------------------

def test_the_minutes_pdf_holds_the_meeting_attendance_items_decisions_and_actions(held, client_staff):
    response = client_staff.get(url(held, "minutes_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu-cotech-2026-03-03-v1.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Compte rendu de « COTECH du 3 mars »" in text
    assert "Bleuenn Morvan (représenté·e par Anne Kervella)" in text
    assert "Le budget 2026 est présenté par la coordination." in text
    assert "COTECH-2026-04" in text and "Le budget des acquisitions est adopté." in text
    assert "Publier le budget" in text


def test_the_minutes_print_view_is_a_page_of_its_own_with_the_print_stylesheet(held, client_staff):
    response = client_staff.get(url(held, "minutes_print"))
    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/governance/css/print.css">' in page
    assert 'class="main-nav"' not in page  # no site navigation on paper
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Présent·e (2)" in text and "Représenté·e (1)" in text
    assert "1. Budget des acquisitions (14:00–14:30)" in text
    assert "2. Portail commun (14:30–15:15)" in text


def test_a_draft_prints_as_not_approved_for_who_may_read_it(body, secretary, client_as):
    meeting = MeetingFactory(body=body, title="COTECH du 3 mars", days_ahead=-7)
    MinutesFactory(meeting=meeting, summary="<p>Brouillon en cours</p>")
    text = pdf_text(client_as(secretary).get(url(meeting, "minutes_pdf")).content)
    assert "Non approuvé : ce texte peut encore changer." in text
    assert "Brouillon en cours" in text


def test_an_older_version_prints_with_its_number(held, client_staff):
    minutes = Minutes.objects.get(meeting=held)
    Minutes.objects.filter(pk=minutes.pk).update(status=MinutesStatus.SUPERSEDED)
    MinutesFactory(meeting=held, version=2, status=MinutesStatus.APPROVED, summary="<p>Version corrigée</p>",
                   correction_reason="Coquille")
    old = client_staff.get(url(held, "minutes_pdf") + "?version=1")
    assert old["Content-Disposition"].endswith('-v1.pdf"')
    assert "Séance ouverte à 14 h." in pdf_text(old.content)
    current = client_staff.get(url(held, "minutes_pdf"))
    assert current["Content-Disposition"].endswith('-v2.pdf"')
    assert "Version corrigée" in pdf_text(current.content)


def test_the_agenda_pdf_gives_each_item_its_computed_start(body, client_staff):
    meeting = MeetingFactory(body=body, title="COTECH du 17 mars", days_ahead=7)
    for position, (title, minutes) in enumerate([("Accueil", 10), ("Budget", 50), ("Portail", 30)], start=1):
        AgendaItemFactory(meeting=meeting, title=title, position=position, duration_minutes=minutes)

    response = client_staff.get(url(meeting, "agenda_pdf"))

    assert response["Content-Disposition"] == 'attachment; filename="ordre-du-jour-cotech-2026-03-17.pdf"'
    text = pdf_text(response.content)
    assert "Ordre du jour de « COTECH du 17 mars »" in text
    assert re.search(r"14:00 1\. Accueil", text)
    assert re.search(r"14:10 2\. Budget", text)
    assert re.search(r"15:00 3\. Portail", text)
    assert "Total : 90 minutes" in text


def test_the_agenda_print_view_warns_when_the_items_overrun_the_meeting(body, client_staff):
    meeting = MeetingFactory(body=body, days_ahead=7)  # two hours
    AgendaItemFactory(meeting=meeting, duration_minutes=100)
    AgendaItemFactory(meeting=meeting, duration_minutes=35)
    page = unescape(client_staff.get(url(meeting, "agenda_print")).content.decode())
    assert "L'ordre du jour dépasse la fin de la réunion de 15 minutes." in page


def test_the_agenda_of_a_body_one_may_not_see_is_404_in_print_and_pdf(client_volunteer):
    meeting = MeetingFactory(body=BodyFactory(reading_rule="staff"), days_ahead=7)
    assert client_volunteer.get(url(meeting, "agenda_print")).status_code == 404
    assert client_volunteer.get(url(meeting, "agenda_pdf")).status_code == 404


def test_item_times_are_counted_in_paris_across_the_change_to_summer_time(body):
    start = timezone.make_aware(dt.datetime(2026, 3, 29, 1, 30))  # 02:00 becomes 03:00 that night
    meeting = MeetingFactory(body=body, start=start, end=start + dt.timedelta(hours=2),
                             proposal_deadline=start - dt.timedelta(days=7))
    for position in (1, 2, 3):
        AgendaItemFactory(meeting=meeting, position=position, duration_minutes=20)
    times = [item.start.strftime("%H:%M") for item in agenda_schedule(meeting).items]
    assert times == ["01:30", "01:50", "03:10"]


# --- Made in memory: two at once ---------------------------------------------------------------------

# The risk is in the rendering (one fixed temporary file for every PDF, as 4minitz had): each meeting's
# print page is read through the site, then both are made into PDFs by WeasyPrint in two threads at once.
def test_two_pdfs_made_at_the_same_time_each_hold_their_own_meeting(member):
    coordinator = member(Role.COORDINATION, first_name="Soizic")
    client = logged_in(coordinator)
    pages = {}
    for name in ("Jeunesse", "Numérique"):
        body = BodyFactory(title=f"Groupe {name}", short_name=name)
        meeting = MeetingFactory(body=body, title=f"Réunion du groupe {name}", days_ahead=-7)
        MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED, summary=f"<p>Propos du groupe {name}</p>")
        pages[meeting.title] = client.get(url(meeting, "minutes_print")).content.decode()
    barrier = threading.Barrier(len(pages))
    results, errors = {}, []

    def export(title: str, html: str) -> None:
        try:
            barrier.wait(timeout=30)
            results[title] = pdf.render_pdf(html, base_url=BASE)
        except BaseException as exc:  # the test must show it
            errors.append(repr(exc))

    threads = [threading.Thread(target=export, args=pair) for pair in pages.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    first, second = pages
    for title, other in ((first, second), (second, first)):
        text = pdf_text(results[title])
        assert title in text and other not in text


# --- The URL fetcher ---------------------------------------------------------------------------------

@pytest.fixture
def fetcher():
    return pdf.StaticOnlyFetcher(BASE)


def test_the_fetcher_serves_the_apps_own_stylesheet(fetcher):
    response = fetcher(CSS_URL)
    body = response.read() if hasattr(response, "read") else response["string"]
    assert b"@page" in body


@pytest.mark.parametrize("refused", [
    "file:///etc/passwd",
    "file:///work/var/static/governance/css/print.css",
    "https://example.org/static/governance/css/print.css",
    "http://attacker.test/static/governance/css/print.css",
    "//example.org/tracker.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:text/css,body{background:url(file:///etc/passwd)}",
    BASE + "static/../../../../etc/passwd",
    BASE + "static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    BASE + "static/governance/css/../../../settings.py",
    BASE + "static/governance/css/print.css/../../../../intranet/settings/base.py",
    BASE + "static/governance/missing.css",
    BASE + "media/uploaded.png",
    BASE + "gouvernance/reunions/1/compte-rendu/",
    BASE + "static/admin/js/core.js",
])
def test_the_fetcher_refuses_everything_but_static_files(fetcher, refused):
    with pytest.raises(pdf.FetchRefused):
        fetcher(refused)


def test_the_fetcher_reads_collected_files_but_not_a_link_out_of_static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    (tmp_path / "static" / "governance").mkdir(parents=True)
    (tmp_path / "static" / "governance" / "print.0a1b2c.css").write_text("@page { size: A4 }")
    (tmp_path / "secret.css").write_text("secret")
    (tmp_path / "static" / "governance" / "link.css").symlink_to(tmp_path / "secret.css")
    fetcher = pdf.StaticOnlyFetcher(BASE)

    assert fetcher.read(BASE + "static/governance/print.0a1b2c.css")[1] == b"@page { size: A4 }"
    with pytest.raises(pdf.FetchRefused):
        fetcher.read(BASE + "static/governance/link.css")


class RecordingFetcher(pdf.StaticOnlyFetcher):
    """The fetcher, keeping every URL WeasyPrint asked for and whether it was served."""

    def __init__(self, base_url):
        super().__init__(base_url)
        self.asked: list[tuple[str, bool]] = []

    def read(self, url):
        try:
            found = super().read(url)
        except pdf.FetchRefused:
            self.asked.append((url, False))
            raise
        self.asked.append((url, True))
        return found


def test_weasyprint_asks_the_fetcher_and_gets_nothing_from_outside(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the pdf")
    html = f"""<html><head><link rel="stylesheet" href="/static/governance/css/print.css">
      <link rel="stylesheet" href="https://example.org/evil.css"></head>
      <body><h1>Compte rendu</h1><img src="file://{secret}"><img src="https://example.org/pixel.png">
      <img src="data:image/png;base64,iVBORw0KGgo="><p style="background: url(file:///etc/passwd)">x</p></body></html>"""
    fetcher = RecordingFetcher(BASE)

    content = pdf.render_pdf(html, base_url=BASE, fetcher=fetcher)

    assert content.startswith(b"%PDF")
    served = [asked for asked, ok in fetcher.asked if ok]
    refused = {asked for asked, ok in fetcher.asked if not ok}
    assert served == [CSS_URL]
    assert {f"file://{secret}", "https://example.org/evil.css", "https://example.org/pixel.png",
            "file:///etc/passwd"} <= refused
    assert b"not for the pdf" not in content


def test_an_image_in_the_minutes_is_neither_kept_nor_fetched(body, secretary, client_as, monkeypatch):
    meeting = MeetingFactory(body=body, days_ahead=-7)
    item = AgendaItemFactory(meeting=meeting)
    services.minutes_save(meeting=meeting, by=secretary, summary='<img src="file:///etc/passwd">',
                          items={item.pk: '<p>Voir <img src="https://tracker.example.org/p.png"></p>'})
    asked = []
    original = pdf.StaticOnlyFetcher.read
    monkeypatch.setattr(pdf.StaticOnlyFetcher, "read", lambda self, u: asked.append(u) or original(self, u))

    response = client_as(secretary).get(url(meeting, "minutes_pdf"))

    assert response.status_code == 200
    assert asked == [CSS_URL]
    assert "file:///etc/passwd" in pdf_text(response.content)  # shown as text, never fetched


def test_the_pdf_of_a_body_hidden_to_the_reader_is_not_even_rendered(monkeypatch, client_volunteer):
    meeting = MeetingFactory(body=BodyFactory(reading_rule="members"), days_ahead=-7)
    MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED)
    monkeypatch.setattr(minutes_views, "render_pdf", lambda *args, **kwargs: pytest.fail("rendered"))
    assert client_volunteer.get(url(meeting, "minutes_pdf")).status_code == 404


def test_members_of_a_members_only_body_get_its_pdf(account, client_as):
    user = account(Role.ELECTED)
    body = BodyFactory(title="Conférence des maires", short_name="CdM", reading_rule="members")
    MembershipFactory(body=body, person=user.person)
    meeting = MeetingFactory(body=body, title="Conférence du 3 mars", days_ahead=-7)
    MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED)
    Attendance.objects.create(meeting=meeting, person=user.person, status=AttendanceStatus.PRESENT)
    response = client_as(user).get(url(meeting, "minutes_pdf"))
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu-cdm-2026-03-03-v1.pdf"'
    assert user.person.full_name in pdf_text(response.content)

