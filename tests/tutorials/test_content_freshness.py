"""Freshness: the review date, the « À relire » notice for the owner and the editors, the « outdated »
banner for readers after the grace period (never unpublished), « mark as reviewed », Coordination's
report, the monthly digest of `send_reminders`, and the dashboard panels."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from intranet.notifications import KIND_HEADER
from intranet.roles import Role
from tests.tutorials.factories import TutorialFactory
from tutorials.models import Audience, TutorialPage
from tutorials.services.content import tutorial_mark_reviewed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)  # the frozen clock


@pytest.fixture
def owner(member):
    return member(Role.STAFF, first_name="Rozenn", last_name="Quéré")


def page_reviewed(owner, *, on: dt.date, title="Prolonger un prêt", **fields) -> TutorialPage:
    return TutorialFactory(title=title, owner_person=owner, last_reviewed=on, audience=Audience.EVERYONE, **fields)


def test_review_date_is_last_review_plus_the_interval():
    page = TutorialFactory(last_reviewed=dt.date(2025, 1, 31), review_interval_months=6)
    assert page.review_due == dt.date(2025, 7, 31)


def test_without_a_review_the_first_publication_counts(clock):
    page = TutorialFactory(last_reviewed=None, live=False)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.review_due == TODAY + dt.timedelta(days=365)


def test_the_owner_sees_the_review_notice_and_a_reader_does_not(owner, client_as, client_staff):
    page = page_reviewed(owner, on=dt.date(2025, 3, 1))  # due 1 March 2026, within the grace period
    owner_html = client_as(owner).get(page.url).content.decode()
    reader_html = client_staff.get(page.url).content.decode()
    assert "À relire" in owner_html and "Marquer comme relue" in owner_html
    assert "À relire" not in reader_html
    assert "Peut-être obsolète" not in reader_html


def test_an_editor_sees_the_notice_without_the_button(owner, client_referent):
    page = page_reviewed(owner, on=dt.date(2025, 3, 1))
    html = client_referent.get(page.url).content.decode()
    assert "À relire" in html and "Marquer comme relue" not in html


def test_after_the_grace_period_readers_see_the_outdated_banner_and_the_page_stays(owner, client_volunteer):
    page = page_reviewed(owner, on=dt.date(2024, 12, 1))  # due 1 Dec 2025, 99 days ago
    response = client_volunteer.get(page.url)
    assert response.status_code == 200
    assert "Peut-être obsolète" in response.content.decode()
    assert TutorialPage.objects.get(pk=page.pk).live


def test_the_owner_marks_the_page_reviewed_and_the_date_moves_on(owner, client_as):
    page = page_reviewed(owner, on=dt.date(2025, 1, 1))
    page.save_revision()  # a draft the editor will start from
    response = client_as(owner).post(reverse("tutorials:mark_reviewed", args=[page.pk]), {"next": page.url})
    assert response.status_code == 302 and response.url == page.url
    page.refresh_from_db()
    assert page.last_reviewed == TODAY and page.review_due == dt.date(2027, 3, 10)
    assert page.get_latest_revision_as_object().last_reviewed == TODAY  # publishing the draft keeps it


@pytest.mark.parametrize(("role", "status"), [(Role.COORDINATION, 302), (Role.REFERENTS, 403), (Role.STAFF, 403),
                                              (Role.VOLUNTEERS, 403), (Role.ELECTED, 403)])
def test_only_the_owner_and_coordination_mark_reviewed(role, status, owner, account, client_as):
    page = page_reviewed(owner, on=dt.date(2025, 1, 1))
    response = client_as(account(role)).post(reverse("tutorials:mark_reviewed", args=[page.pk]))
    assert response.status_code == status
    page.refresh_from_db()
    assert (page.last_reviewed == TODAY) == (status == 302)


def test_the_service_refuses_who_is_not_allowed(owner, staff_user):
    from tutorials.errors import NotAllowed

    page = page_reviewed(owner, on=dt.date(2025, 1, 1))
    with pytest.raises(NotAllowed):
        tutorial_mark_reviewed(page=page, by=staff_user)


@pytest.mark.parametrize(("role", "status"), [(Role.COORDINATION, 200), (Role.REFERENTS, 403), (Role.STAFF, 403),
                                              (Role.VOLUNTEERS, 403), (Role.ELECTED, 403)])
def test_the_report_is_for_coordination(role, status, account, client_as):
    assert client_as(account(role)).get(reverse("tutorials:review_report")).status_code == status


def test_the_report_lists_due_pages_sorted_by_due_date(owner, client_coordination):
    page_reviewed(owner, on=dt.date(2025, 2, 1), title="Ancienne")
    page_reviewed(owner, on=dt.date(2024, 6, 1), title="Très ancienne")
    page_reviewed(owner, on=dt.date(2026, 1, 1), title="Fraîche")
    url = reverse("tutorials:review_report")
    oldest_first = [page.title for page in client_coordination.get(url).context["results"]]
    newest_first = [page.title for page in client_coordination.get(url, {"tri": "-due"}).context["results"]]
    assert oldest_first == ["Très ancienne", "Ancienne"]
    assert newest_first == ["Ancienne", "Très ancienne"]


@pytest.mark.parametrize("scale", [1, 10])
def test_the_report_runs_the_same_queries_at_1x_and_10x(scale, owner, client_coordination,
                                                        django_assert_max_num_queries):
    for number in range(3 * scale):
        page_reviewed(owner, on=dt.date(2024, 1, 1), title=f"Page {number}")
    client_coordination.get("/")
    with django_assert_max_num_queries(25):
        assert client_coordination.get(reverse("tutorials:review_report")).status_code == 200


# --- send_reminders ------------------------------------------------------------------------------


def send_reminders():
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def review_digests() -> list:
    """The digests of pages to review among what send_reminders sent (the other apps remind of other things,
    e.g. the skills map asks people without skills to fill them in)."""
    return [message for message in mail.outbox
            if message.extra_headers[KIND_HEADER] == "tutorials/email/pages_to_review"]


def test_each_owner_gets_one_digest_of_their_due_pages_once_a_month(owner, django_capture_on_commit_callbacks):
    page_reviewed(owner, on=dt.date(2025, 1, 1), title="Prolonger un prêt")
    page_reviewed(owner, on=dt.date(2025, 2, 1), title="Inscrire un usager")
    page_reviewed(owner, on=dt.date(2026, 1, 1), title="Page fraîche")
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
        send_reminders()
    sent = [message for message in review_digests() if owner.user.email in message.to]
    assert len(sent) == 1
    assert "2 pages à relire" in sent[0].subject
    assert "Prolonger un prêt" in sent[0].body and "Inscrire un usager" in sent[0].body
    assert "Page fraîche" not in sent[0].body


def test_when_the_owner_has_left_their_librarys_referent_is_told(owner, member, django_capture_on_commit_callbacks):
    referent = member(Role.REFERENTS, library=owner.library, first_name="Yann")
    owner.active = False
    owner.save()
    page_reviewed(owner, on=dt.date(2025, 1, 1), title="Prolonger un prêt")
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    assert [message.to for message in review_digests()] == [[referent.user.email]]
    assert "est parti" in review_digests()[0].body


def test_without_a_referent_coordination_is_told(owner, member, django_capture_on_commit_callbacks):
    coordinator = member(Role.COORDINATION, first_name="Anne")
    owner.user.is_active = False
    owner.user.save()
    page_reviewed(owner, on=dt.date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders()
    assert [message.to for message in review_digests()] == [[coordinator.user.email]]


# --- dashboard -----------------------------------------------------------------------------------


def test_my_pages_to_review_on_the_owners_dashboard(owner, client_as, client_staff):
    page_reviewed(owner, on=dt.date(2025, 1, 1), title="Prolonger un prêt")
    assert "Mes pages à relire" in client_as(owner).get("/").content.decode()
    assert "Mes pages à relire" not in client_staff.get("/").content.decode()


@pytest.mark.parametrize(("role", "sees_staff_page"), [
    (Role.COORDINATION, True), (Role.REFERENTS, True), (Role.STAFF, True), (Role.VOLUNTEERS, False),
    (Role.ELECTED, False),
])
def test_recently_updated_tutorials_follow_the_audience(role, sees_staff_page, account, client_as):
    TutorialFactory(title="Lexique du réseau", audience=Audience.EVERYONE)
    TutorialFactory(title="Circuit des alertes informatiques", audience=Audience.STAFF)
    html = client_as(account(role)).get("/").content.decode()
    assert "Tutoriels mis à jour récemment" in html and "Lexique du réseau" in html
    assert ("Circuit des alertes informatiques" in html) == sees_staff_page


def test_coordination_reaches_the_report_from_its_quick_links(client_coordination, client_referent):
    url = reverse("tutorials:review_report")
    assert f'href="{url}"' in client_coordination.get("/").content.decode()
    assert f'href="{url}"' not in client_referent.get("/").content.decode()
