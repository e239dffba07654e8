"""Governance in a real browser: referent@demo.test proposes an item for the next technical committee;
coordination@demo.test (its chair) accepts it and sends the convocation; the referent answers and
finds the meeting, their answer and the accepted item on the dashboard and the meeting page.

As in the other browser tests, assertions rely on the demo data, URLs, the page structure and the
texts the test itself typed, not on the UI's wording.
"""

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from governance.models import Answer, AnswerResponse, Convocation, Meeting, Proposal, ProposalStatus
from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import log_in

REFERENT_EMAIL = DEMO_ACCOUNTS[Role.REFERENTS]
COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]
ITEM_TITLE = "Harmoniser les durées de prêt des jeux vidéo"
ITEM_TEXT = "Trois médiathèques prêtent les jeux deux semaines, les autres quatre : proposons trois semaines."


def next_cotech() -> Meeting:
    return (Meeting.objects.upcoming(timezone.now()).filter(body__short_name="COTECH")
            .select_related("body").first())


def switch_account(page: Page, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, email, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_referent_proposes_coordination_accepts_and_convenes_the_referent_answers(demo_network, page, screenshots):
    meeting = next_cotech()
    assert meeting is not None and timezone.now() < meeting.proposal_deadline
    referent = Person.objects.get(user__email=REFERENT_EMAIL)
    meeting_url = reverse("governance:meeting", args=[meeting.pk])

    # 1. The referent opens the next COTECH from the bodies section and proposes an item.
    log_in(page, REFERENT_EMAIL, DEMO_PASSWORD)
    page.goto(reverse("governance:index"))
    page.get_by_role("link", name=re.compile("Comité technique")).first.click()
    expect(page.locator("h1")).to_contain_text("Comité technique")
    page.locator(f"main a[href='{meeting_url}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(meeting_url) + "$"))
    assert_accessible(page)
    screenshots.take(page, "referent-meeting")
    page.locator(f"main a[href='{reverse('governance:proposal_create', args=[meeting.pk])}']").click()
    page.locator("#id_title").fill(ITEM_TITLE)
    page.locator("input[name=kind][value=decision]").check()
    page.locator("#id_duration_minutes").fill("20")
    page.locator("#id_description").fill(ITEM_TEXT)
    assert_accessible(page)
    screenshots.take(page, "referent-proposes")
    page.locator("main form button[type=submit]").last.click()
    proposal = Proposal.objects.get(meeting=meeting, title=ITEM_TITLE)
    assert proposal.proposer == referent and proposal.status == ProposalStatus.PENDING
    expect(page.locator("main")).to_contain_text(ITEM_TITLE)

    # 2. Coordination, the committee's chair, accepts it from the review page.
    switch_account(page, COORDINATION_EMAIL)
    page.goto(reverse("governance:proposals", args=[meeting.pk]))
    assert_accessible(page)
    screenshots.take(page, "coordination-reviews")
    decide = reverse("governance:proposal_decide", args=[proposal.pk])
    page.locator(f"form[action='{decide}'] button[value=accept]").click()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert meeting.items.filter(title=ITEM_TITLE, proposal=proposal).exists()

    # 3. ... and sends the convocation: one email per member, the referent's with an invitation.
    mail.outbox.clear()
    page.goto(reverse("governance:convocation", args=[meeting.pk]))
    expect(page.locator("main")).to_contain_text(ITEM_TITLE)
    assert_accessible(page)
    screenshots.take(page, "coordination-convenes")
    page.locator(f"form[action='{reverse('governance:convocation', args=[meeting.pk])}'] "
                 "button.button--primary").click()
    expect(page.locator(".messages")).to_be_visible()
    assert Convocation.objects.filter(meeting=meeting).count() == 1
    to_referent = [message for message in mail.outbox if REFERENT_EMAIL in message.to]
    assert len(to_referent) == 1
    assert any("text/calendar" in attachment[2] for attachment in to_referent[0].attachments)

    # 4. The referent answers on the site, then finds it all on the dashboard and the meeting page.
    switch_account(page, REFERENT_EMAIL)
    page.goto(reverse("governance:answer", args=[meeting.pk]))
    page.locator(f"input[name=response][value={AnswerResponse.ATTENDING}]").check()
    assert_accessible(page)
    page.locator(f"form[action='{reverse('governance:answer', args=[meeting.pk])}'] button[type=submit]").click()
    answer = Answer.objects.get(meeting=meeting, person=referent)
    assert answer.response == AnswerResponse.ATTENDING
    page.goto("/")
    panel = page.locator(f"main a[href='{meeting_url}']").first
    expect(panel).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "referent-dashboard")
    panel.click()
    expect(page.locator("#agenda")).to_contain_text(ITEM_TITLE)
    screenshots.take(page, "referent-meeting-with-item")
