"""Agenda proposals: a member proposes until the deadline (Europe/Paris, across daylight-saving
changes), nobody else; the secretary, the chair or Coordination accepts (the last agenda item),
defers (to the next meeting) or rejects (with a reason), each decision once, and the proposer is
told by email; the proposer may withdraw while it waits."""

import datetime as dt
from html import unescape

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import rules
from governance.errors import NotAllowed, Refused
from governance.models import (
    AgendaItem,
    Attachment,
    MeetingStatus,
    MembershipRole,
    Proposal,
    ProposalStatus,
)
from governance.services import proposals as services
from intranet.roles import Role

from .factories import AgendaItemFactory, MeetingFactory, ProposalFactory
from .files import docx_bytes, exe_bytes, pdf_bytes, upload


@pytest.fixture
def meeting(body):
    """A COTECH meeting three weeks ahead (Tuesday 31 March 2026, 14:00), proposals open a week more,
    its agenda still empty (the suite's `meeting` has two items)."""
    return MeetingFactory(body=body, title="COTECH de mars")


def propose(meeting, by, **fields):
    values = {"title": "Harmoniser les durées de prêt", "kind": "decision", "duration_minutes": 20,
              "description": "", "files": ()}
    values.update(fields)
    return services.proposal_create(meeting=meeting, by=by, **values)


def form_data(**fields):
    data = {"title": "Harmoniser les durées de prêt", "kind": "decision", "duration_minutes": "20",
            "description": "Trois semaines partout ?"}
    data.update(fields)
    return data


# --- Proposing ------------------------------------------------------------------------------------

def test_the_form_offers_several_files_and_says_until_when(meeting, proposer, client_as):
    page = client_as(proposer).get(reverse("governance:proposal_create", args=[meeting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and "multiple" in html
    assert timezone.localtime(meeting.proposal_deadline).strftime("%H:%M") in html


def test_a_member_proposes_an_item_with_documents_before_the_deadline(meeting, proposer, client_as):
    response = client_as(proposer).post(reverse("governance:proposal_create", args=[meeting.pk]), {
        **form_data(), "files": [upload("note.pdf", pdf_bytes()), upload("tableau.docx", docx_bytes())]})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:proposal", args=[proposal.pk])
    assert (proposal.meeting, proposal.proposer, proposal.status) == (meeting, proposer, ProposalStatus.PENDING)
    assert (proposal.kind, proposal.duration_minutes) == ("decision", 20)
    assert sorted(proposal.attachments.values_list("name", flat=True)) == ["note.pdf", "tableau.docx"]
    page = unescape(client_as(proposer).get(response["Location"]).content.decode())
    assert "Harmoniser les durées de prêt" in page
    assert _("Waiting for review") in page


def test_after_the_deadline_the_form_is_closed_with_a_clear_message_and_a_post_saves_nothing(meeting, proposer,
                                                                                              client_as, clock):
    clock.move_to(timezone.localtime(meeting.proposal_deadline).replace(tzinfo=None))
    client = client_as(proposer)
    url = reverse("governance:proposal_create", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert services.closed_message(meeting) in unescape(html)
    assert 'name="title"' not in html and 'type="file"' not in html
    response = client.post(url, {**form_data(), "files": [upload("note.pdf", pdf_bytes())]})
    assert response.status_code == 400
    assert services.closed_message(meeting) in text_of(response)
    assert not Proposal.objects.exists()
    assert not Attachment.objects.exists()


def test_the_closed_message_names_the_deadline_and_the_secretariat(meeting):
    deadline = timezone.localtime(meeting.proposal_deadline)
    assert services.closed_message(meeting) == _(
        "Proposals for this meeting closed on %(deadline)s; please contact the secretariat.") % {
        "deadline": services.when_text(meeting.proposal_deadline)}
    assert deadline.strftime("%H:%M") in services.closed_message(meeting)


def test_the_service_refuses_a_proposal_after_the_deadline(meeting, proposer, clock):
    clock.move_to(timezone.localtime(meeting.proposal_deadline).replace(tzinfo=None) + dt.timedelta(minutes=1))
    with pytest.raises(Refused) as refused:
        propose(meeting, proposer)
    assert refused.value.message == services.closed_message(meeting)
    assert not Proposal.objects.exists()


def test_no_proposal_for_a_cancelled_meeting(meeting, proposer, client_as):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(Refused):
        propose(meeting, proposer)
    response = client_as(proposer).post(reverse("governance:proposal_create", args=[meeting.pk]), form_data())
    assert response.status_code == 400
    assert _("This meeting is cancelled: it takes no more proposals.") in text_of(response)
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["staff", "coordination", "former member"])
def test_someone_who_does_not_sit_on_the_body_may_not_propose(meeting, body, member, join, client_as, clock, who):
    person = member(Role.COORDINATION if who == "coordination" else Role.STAFF)
    if who == "former member":
        join(body, person, since=clock.today() - dt.timedelta(days=400), until=clock.today() - dt.timedelta(days=1))
    url = reverse("governance:proposal_create", args=[meeting.pk])
    assert client_as(person).get(url).status_code == 403
    assert client_as(person).post(url, form_data()).status_code == 403
    with pytest.raises(NotAllowed):
        propose(meeting, person)
    assert not Proposal.objects.exists()


def test_a_meeting_of_a_body_one_may_not_see_answers_404(member, client_as, make_body, join):
    from governance.models import ReadingRule

    hidden = make_body(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    meeting = MeetingFactory(body=hidden)
    response = client_as(member(Role.STAFF)).get(reverse("governance:proposal_create", args=[meeting.pk]))
    assert response.status_code == 404


def test_the_description_is_cleaned_of_scripts_handlers_and_javascript_links(meeting, proposer, client_as, secretary):
    proposal = propose(meeting, proposer, description=(
        '<p onclick="steal()">Bonjour <strong>à tous</strong></p><script>alert("x")</script>'
        '<a href="javascript:alert(1)">clic</a><img src="https://tracker.example/p.gif">'))
    assert "<script" not in proposal.description
    assert "onclick" not in proposal.description
    assert "javascript:" not in proposal.description
    assert "<img" not in proposal.description
    assert "<strong>à tous</strong>" in proposal.description
    for person in (proposer, secretary):
        page = client_as(person).get(reverse("governance:proposal", args=[proposal.pk])).content.decode()
        assert '<script>alert("x")</script>' not in page
        assert "<strong>à tous</strong>" in page


def test_a_plain_text_description_keeps_its_paragraphs_and_shows_its_brackets(meeting, proposer):
    proposal = propose(meeting, proposer, description="Premier point.\n\nSecond point : 3 < 5 & co.")
    assert proposal.description == "<p>Premier point.</p>\n\n<p>Second point : 3 &lt; 5 &amp; co.</p>"


def test_one_refused_document_saves_nothing_of_the_proposal(meeting, proposer, client_as, settings):
    response = client_as(proposer).post(reverse("governance:proposal_create", args=[meeting.pk]), {
        **form_data(), "files": [upload("note.pdf", pdf_bytes()), upload("rapport.pdf", exe_bytes())]})
    assert response.status_code == 400
    assert _("« %(name)s » does not hold what its name says (%(kind)s): it is not accepted.") % {
        "name": "rapport.pdf", "kind": _("a PDF document")} in text_of(response)
    assert not Proposal.objects.exists()
    assert not Attachment.objects.exists()
    assert not list((settings.PRIVATE_MEDIA_ROOT).glob("**/*.pdf"))


def test_the_service_too_accepts_all_documents_or_none(meeting, proposer, settings):
    with pytest.raises(Refused):
        propose(meeting, proposer, files=[upload("note.pdf", pdf_bytes()), upload("note.docx", pdf_bytes())])
    assert not Proposal.objects.exists()
    assert not list(settings.PRIVATE_MEDIA_ROOT.glob("**/*.pdf"))


def test_a_proposal_needs_a_title_a_kind_and_a_sensible_duration(meeting, proposer, client_as):
    response = client_as(proposer).post(reverse("governance:proposal_create", args=[meeting.pk]),
                                        form_data(title="  \u200b ", duration_minutes="0"))
    assert response.status_code == 400
    assert not Proposal.objects.exists()
    for fields in ({"title": "\u202e"}, {"kind": "vote"}, {"duration_minutes": 601}):
        with pytest.raises(Refused):
            propose(meeting, proposer, **fields)


def test_the_deadline_holds_in_paris_time_across_the_change_to_summer_time(body, proposer, clock):
    """A meeting on Thursday 2 April 2026 at 14:00 (summer time, UTC+2) closes its proposals on
    Thursday 26 March at 14:00 Paris time (winter time, UTC+1): at 13:30 that day one may still
    propose, although 7 × 24 hours before the meeting is already past."""
    start = timezone.make_aware(dt.datetime(2026, 4, 2, 14, 0))
    meeting = MeetingFactory(body=body, start=start, proposal_deadline=rules.default_proposal_deadline(start))
    assert timezone.localtime(meeting.proposal_deadline).replace(tzinfo=None) == dt.datetime(2026, 3, 26, 14, 0)
    assert meeting.proposal_deadline.astimezone(dt.UTC).hour == 13
    clock.move_to("2026-03-26 13:30")
    assert timezone.now() > start.astimezone(dt.UTC) - dt.timedelta(days=7)  # 168 hours would have closed
    propose(meeting, proposer, title="Juste à temps")
    clock.move_to("2026-03-26 14:00")
    with pytest.raises(Refused) as refused:
        propose(meeting, proposer, title="Trop tard")
    assert "14:00" in refused.value.message
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Juste à temps"]


# --- Accepting ------------------------------------------------------------------------------------

@pytest.fixture
def pending(meeting, proposer):
    return propose(meeting, proposer, description="<p>Trois semaines partout.</p>",
                   files=[upload("note.pdf", pdf_bytes())])


def test_accepting_makes_the_last_agenda_item_presented_by_the_proposer_and_emails_them(
        pending, meeting, proposer, secretary, django_capture_on_commit_callbacks):
    AgendaItemFactory(meeting=meeting, position=1, title="Approbation du compte rendu")
    AgendaItemFactory(meeting=meeting, position=2, title="Budget")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.proposal_accept(proposal=pending, by=secretary)
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("title", flat=True)) == [
        "Approbation du compte rendu", "Budget", "Harmoniser les durées de prêt"]
    assert item.position == 3
    assert (item.kind, item.duration_minutes, item.presenter, item.proposal) == ("decision", 20, proposer, pending)
    assert item.description == "<p>Trois semaines partout.</p>"
    attachment = Attachment.objects.get()
    assert (attachment.item, attachment.proposal) == (item, pending)
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == (ProposalStatus.ACCEPTED, secretary)
    [email] = mail.outbox
    assert email.to == ["gwenaelle@reseau.test"]
    assert "Harmoniser les durées de prêt" in email.subject
    assert "COTECH" in email.subject
    assert f"/gouvernance/propositions/{pending.pk}/" in email.body


def test_the_first_accepted_proposal_of_an_empty_agenda_is_item_one(pending, chair):
    assert services.proposal_accept(proposal=pending, by=chair).position == 1


def test_coordination_may_accept_without_sitting_on_the_body(pending, member):
    services.proposal_accept(proposal=pending, by=member(Role.COORDINATION))
    assert AgendaItem.objects.count() == 1


def test_a_plain_member_may_not_decide(pending, member, body, join):
    colleague = member(Role.STAFF)
    join(body, colleague)
    for decide in (lambda: services.proposal_accept(proposal=pending, by=colleague),
                   lambda: services.proposal_reject(proposal=pending, by=colleague, reason="Non."),
                   lambda: services.proposal_defer(proposal=pending, by=colleague)):
        with pytest.raises(NotAllowed):
            decide()
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.PENDING
    assert not AgendaItem.objects.exists()


def test_a_proposal_is_decided_once(pending, body, secretary, chair, django_capture_on_commit_callbacks):
    MeetingFactory(body=body, days_ahead=60)
    services.proposal_accept(proposal=pending, by=secretary)
    mail.outbox.clear()
    for decide in (lambda: services.proposal_accept(proposal=pending, by=chair),
                   lambda: services.proposal_reject(proposal=pending, by=chair, reason="Doublon."),
                   lambda: services.proposal_defer(proposal=pending, by=chair)):
        with pytest.raises(Refused) as refused, django_capture_on_commit_callbacks(execute=True):
            decide()
        assert refused.value.message == _("This proposal was already decided: %(status)s.") % {
            "status": _("Accepted").lower()}
    assert AgendaItem.objects.count() == 1
    assert not mail.outbox


def test_a_proposal_of_a_cancelled_meeting_cannot_be_accepted(pending, meeting, secretary):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(Refused):
        services.proposal_accept(proposal=pending, by=secretary)
    assert not AgendaItem.objects.exists()


# --- Deferring -------------------------------------------------------------------------------------

def test_deferring_moves_it_to_the_bodys_next_planned_meeting_still_pending(pending, meeting, body, secretary,
                                                                           django_capture_on_commit_callbacks):
    MeetingFactory(body=body, days_ahead=60, title="COTECH de mai")
    MeetingFactory(body=body, days_ahead=40, title="COTECH annulé", status=MeetingStatus.CANCELLED)
    MeetingFactory(days_ahead=30, title="Autre instance")
    april = MeetingFactory(body=body, days_ahead=45, title="COTECH d'avril")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_defer(proposal=pending, by=secretary, reason="Ordre du jour complet.")
    pending.refresh_from_db()
    assert (pending.meeting, pending.status, pending.times_deferred) == (april, ProposalStatus.PENDING, 1)
    [email] = mail.outbox
    assert email.to == ["gwenaelle@reseau.test"]
    assert "Ordre du jour complet." in email.body
    services.proposal_defer(proposal=pending, by=secretary)
    pending.refresh_from_db()
    assert (pending.meeting.title, pending.times_deferred) == ("COTECH de mai", 2)


def test_deferring_is_refused_clearly_when_no_later_meeting_is_planned(pending, meeting, secretary,
                                                                      django_capture_on_commit_callbacks):
    MeetingFactory(body=meeting.body, days_ahead=2, title="Plus tôt")
    mail.outbox.clear()
    with pytest.raises(Refused) as refused, django_capture_on_commit_callbacks(execute=True):
        services.proposal_defer(proposal=pending, by=secretary)
    assert refused.value.message == _(
        "%(body)s has no meeting planned after this one to defer the proposal to: plan one first, or reject the "
        "proposal.") % {"body": "COTECH"}
    pending.refresh_from_db()
    assert (pending.meeting, pending.times_deferred) == (meeting, 0)
    assert not mail.outbox


# --- Rejecting and withdrawing ---------------------------------------------------------------------

def test_rejecting_needs_a_reason_that_the_proposer_reads(pending, secretary, django_capture_on_commit_callbacks):
    for blank in ("", "   ", "\u200b"):
        with pytest.raises(Refused):
            services.proposal_reject(proposal=pending, by=secretary, reason=blank)
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_reject(proposal=pending, by=secretary, reason="Relève du COPIL.")
    pending.refresh_from_db()
    assert (pending.status, pending.decision_reason, pending.decided_by) == (
        ProposalStatus.REJECTED, "Relève du COPIL.", secretary)
    [email] = mail.outbox
    assert "Relève du COPIL." in email.body
    assert "Relève du COPIL." in email.alternatives[0][0]


def test_the_proposer_withdraws_while_it_waits_and_nobody_else_may(pending, proposer, secretary):
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(proposal=pending, by=secretary)
    services.proposal_withdraw(proposal=pending, by=proposer)
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.WITHDRAWN
    with pytest.raises(Refused):
        services.proposal_accept(proposal=pending, by=secretary)
    with pytest.raises(Refused):
        services.proposal_withdraw(proposal=pending, by=proposer)


def test_withdrawing_from_the_proposal_page(pending, proposer, client_as):
    client = client_as(proposer)
    page = client.get(reverse("governance:proposal", args=[pending.pk])).content.decode()
    assert _("Withdraw my proposal") in page
    response = client.post(reverse("governance:proposal_withdraw", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.WITHDRAWN


# --- Deciding from the review page -----------------------------------------------------------------

def text_of(response) -> str:
    return unescape(response.content.decode())


def decide(client, proposal, decision, **data):
    return client.post(reverse("governance:proposal_decide", args=[proposal.pk]), {"decision": decision, **data})


def test_the_secretary_accepts_from_the_review_page(pending, meeting, secretary, client_as):
    client = client_as(secretary)
    response = decide(client, pending, "accept")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:proposals", args=[meeting.pk])
    assert AgendaItem.objects.get().proposal == pending
    page = client.get(response["Location"]).content.decode()
    assert _("Accepted: « %(title)s » is now the last item of the agenda. The proposer gets an email.") % {
        "title": pending.title} in unescape(page)


def test_a_reject_without_a_reason_answers_400_and_changes_nothing(pending, secretary, client_as,
                                                                  django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client_as(secretary), pending, "reject", reason="  ")
    assert response.status_code == 400
    assert _("Say why the proposal is rejected.") in text_of(response)
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.PENDING
    assert not mail.outbox


def test_a_reject_with_a_reason_from_the_review_page(pending, secretary, client_as):
    response = decide(client_as(secretary), pending, "reject", reason="Hors sujet.")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decision_reason) == (ProposalStatus.REJECTED, "Hors sujet.")


def test_a_defer_without_a_later_meeting_answers_400_with_the_reason(pending, secretary, client_as):
    response = decide(client_as(secretary), pending, "defer")
    assert response.status_code == 400
    assert _("%(body)s has no meeting planned after this one to defer the proposal to: plan one first, or reject "
             "the proposal.") % {"body": "COTECH"} in text_of(response)
    pending.refresh_from_db()
    assert pending.times_deferred == 0


def test_a_second_decision_from_a_stale_page_is_refused_with_400(pending, secretary, chair, client_as):
    assert decide(client_as(secretary), pending, "accept").status_code == 302
    response = decide(client_as(chair), pending, "reject", reason="Trop tard.")
    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.ACCEPTED


def test_the_proposer_posting_a_decision_gets_403_and_another_member_404(pending, proposer, member, body, join,
                                                                         client_as):
    assert decide(client_as(proposer), pending, "accept").status_code == 403
    colleague = member(Role.STAFF)
    join(body, colleague, MembershipRole.MEMBER)
    assert decide(client_as(colleague), pending, "accept").status_code == 404  # not theirs to see
    assert decide(client_as(member(Role.VOLUNTEERS)), pending, "accept").status_code == 404
    assert not AgendaItem.objects.exists()


def test_an_unknown_decision_answers_400(pending, secretary, client_as):
    assert decide(client_as(secretary), pending, "approve").status_code == 400
    pending.refresh_from_db()
    assert pending.status == ProposalStatus.PENDING


def test_a_proposal_made_by_the_factory_can_be_reviewed_too(meeting, secretary):
    """Proposals referred by another body (the escalation circuit) come without the form."""
    proposal = ProposalFactory(meeting=meeting)
    services.proposal_reject(proposal=proposal, by=secretary, reason="Déjà traité.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
