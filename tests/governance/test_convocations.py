"""Sending a convocation: one email per current member with an address, the agenda with its times,
each member's own answer link, the send and its recipients recorded (the proof), a late send that
warns and sends nothing until confirmed, and who may send it."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.errors import NotAllowed, Refused
from governance.models import Convocation, ConvocationMethod, MeetingStatus, MembershipRole, ReadingRule
from governance.services.convocations import LateConvocation, convocation_send
from intranet.roles import Role
from tests.calendar_sync.helpers import emails_to, soup

from .factories import BodyFactory, MeetingFactory, PersonFactory


@pytest.fixture
def members(member, body, join, secretary):
    """Three members besides the secretary: two with an account, one without (no address)."""
    katell = member(Role.STAFF, first_name="Katell", last_name="Morvan")
    loic = member(Role.REFERENTS, first_name="Loïc", last_name="Hamon")
    join(body, katell)
    join(body, loic, MembershipRole.REFERENT)
    join(body, PersonFactory(user=None, first_name="Rozenn", last_name="Quéré"))
    return {"katell": katell, "loic": loic}


def test_each_current_member_with_an_address_gets_one_email(meeting, secretary, members, committed, mailoutbox):
    committed(convocation_send, meeting=meeting, by=secretary)

    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        [secretary.user.email, members["katell"].user.email, members["loic"].user.email])
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_the_send_and_its_recipients_are_recorded(meeting, secretary, members, committed):
    convocation = committed(convocation_send, meeting=meeting, by=secretary)

    recorded = Convocation.objects.get(meeting=meeting)
    assert recorded == convocation
    assert (recorded.method, recorded.sequence, recorded.sent_by, recorded.within_notice) == (
        ConvocationMethod.REQUEST, 0, secretary, True)
    assert sorted(recorded.recipients.values_list("name", "email")) == sorted([
        ("Katell Morvan", members["katell"].user.email), ("Loïc Hamon", members["loic"].user.email),
        (secretary.full_name, secretary.user.email)])


def test_a_person_with_two_roles_gets_one_email(meeting, secretary, body, join, committed, mailoutbox):
    join(body, secretary, MembershipRole.MEMBER)
    committed(convocation_send, meeting=meeting, by=secretary)

    assert len(emails_to(secretary.user.email)) == 1


def test_a_former_member_is_not_convened(meeting, secretary, member, body, join, committed, clock):
    former = member(Role.STAFF, first_name="Gaëlle")
    join(body, former, since=clock.today() - dt.timedelta(days=400), until=clock.today() - dt.timedelta(days=1))
    committed(convocation_send, meeting=meeting, by=secretary)

    assert emails_to(former.user.email) == []


def test_the_email_holds_the_agenda_with_its_times_and_the_members_own_answer_link(meeting, secretary, members,
                                                                                  committed):
    committed(convocation_send, meeting=meeting, by=secretary)

    [message] = emails_to(members["katell"].user.email)
    assert message.subject.startswith("Convocation : COTECH de printemps — ")
    assert "14:00 Bilan des animations (30 min)" in message.body
    assert "14:30 Budget 2027 (45 min)" in message.body
    html = message.alternatives[0][0]
    assert "Bilan des animations" in html and "14:30" in html
    [link] = [line for line in message.body.splitlines() if "/gouvernance/reponse/" in line]
    [other] = [line for line in emails_to(members["loic"].user.email)[0].body.splitlines()
               if "/gouvernance/reponse/" in line]
    assert link != other


def test_sending_again_is_recorded_as_an_update(meeting, secretary, members, committed, mailoutbox):
    committed(convocation_send, meeting=meeting, by=secretary)
    mailoutbox.clear()
    committed(convocation_send, meeting=meeting, by=secretary)

    assert list(Convocation.objects.filter(meeting=meeting).values_list("method", flat=True)) == [
        ConvocationMethod.REQUEST, ConvocationMethod.UPDATE]
    assert len(mailoutbox) == 3


# --- late sends ------------------------------------------------------------------------------------


@pytest.fixture
def soon(body, clock):
    """A meeting on the coming Friday: too close for 5 clear days' notice."""
    today = clock.today()
    start = clock.now().replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    assert (start.date() - today).days == 3
    return MeetingFactory(body=body, title="COTECH extraordinaire", start=start, end=start + dt.timedelta(hours=2),
                          proposal_deadline=start - dt.timedelta(days=1))


def test_a_late_send_warns_and_sends_nothing(soon, secretary, members, committed, mailoutbox):
    with pytest.raises(LateConvocation) as raised:
        committed(convocation_send, meeting=soon, by=secretary)

    message = raised.value.message
    assert message.startswith("Le délai de convocation de 5 jours francs n'est plus tenu")
    latest = soon.start.date() - dt.timedelta(days=6)
    assert raised.value.latest_day == latest
    assert mailoutbox == []
    assert not Convocation.objects.filter(meeting=soon).exists()


def test_a_late_send_goes_once_confirmed_and_is_recorded_as_late(soon, secretary, members, committed, mailoutbox):
    committed(convocation_send, meeting=soon, by=secretary, confirm_late=True)

    assert len(mailoutbox) == 3
    assert Convocation.objects.get(meeting=soon).within_notice is False


def test_the_last_day_of_the_notice_period_is_still_on_time(body, secretary, members, committed, clock):
    start = clock.now().replace(hour=10, minute=0) + dt.timedelta(days=6)  # 5 clear days between
    meeting = MeetingFactory(body=body, start=start, end=start + dt.timedelta(hours=1))

    assert committed(convocation_send, meeting=meeting, by=secretary).within_notice is True


# --- refusals -------------------------------------------------------------------------------------


def test_a_cancelled_meeting_cannot_be_convened(meeting, secretary, members, committed, mailoutbox):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(Refused, match="annulée"):
        committed(convocation_send, meeting=meeting, by=secretary)
    assert mailoutbox == []


def test_a_past_meeting_cannot_be_convened(body, secretary, members, committed, clock, mailoutbox):
    start = clock.now() - dt.timedelta(days=2)
    past = MeetingFactory(body=body, start=start, end=start + dt.timedelta(hours=2))
    with pytest.raises(Refused, match="trop tard"):
        committed(convocation_send, meeting=past, by=secretary)
    assert mailoutbox == []


@pytest.mark.parametrize("role", [MembershipRole.MEMBER, MembershipRole.REFERENT, MembershipRole.GUEST], ids=str)
def test_a_member_who_does_not_run_the_body_cannot_convene_it(meeting, member, body, join, committed, role,
                                                             mailoutbox):
    person = member(Role.REFERENTS, first_name="Maëlle")
    join(body, person, role)
    with pytest.raises(NotAllowed):
        committed(convocation_send, meeting=meeting, by=person)
    assert mailoutbox == []


def test_coordination_may_convene_any_body(meeting, members, coordination_user, committed):
    assert committed(convocation_send, meeting=meeting, by=coordination_user.person).recipients.count() == 3


# --- the convocation page -----------------------------------------------------------------------------


def test_the_page_previews_recipients_and_agenda(meeting, secretary, members, client_as):
    page = soup(client_as(secretary).get(reverse("governance:convocation", args=[meeting.pk])))

    text = page.get_text(" ", strip=True)
    assert "Convocation : COTECH de printemps" in text
    assert "Katell Morvan" in text and members["katell"].user.email in text
    assert "Rozenn Quéré" in text  # named among those without an address
    rows = [row.get_text(" ", strip=True) for row in page.select(".agenda-times tbody tr")]
    assert rows[0].startswith("14:00 Bilan des animations")
    assert rows[1].startswith("14:30 Budget 2027")


def test_the_page_sends_and_shows_the_proof(meeting, secretary, members, client_as, mailoutbox,
                                            django_capture_on_commit_callbacks):
    client = client_as(secretary)
    url = reverse("governance:convocation", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert len(mailoutbox) == 3

    page = client.get(url)
    text = soup(page).get_text(" ", strip=True)
    assert "La convocation a été envoyée à 3 membres." in text
    history = soup(page).select_one(".sends-table").get_text(" ", strip=True)
    assert "3 destinataires" in history and members["loic"].user.email in history


def test_a_late_send_from_the_page_asks_for_confirmation(soon, secretary, members, client_as, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    client = client_as(secretary)
    url = reverse("governance:convocation", args=[soon.pk])
    with django_capture_on_commit_callbacks(execute=True):
        warned = client.post(url)
    assert warned.status_code == 200
    assert "n'est plus tenu" in soup(warned).select_one("[role=alert]").get_text()
    assert soup(warned).select_one("button[name=confirm_late][value='1']") is not None
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"confirm_late": "1"})
    assert sent.status_code == 302
    assert len(mailoutbox) == 3


def test_a_member_who_does_not_run_the_body_gets_403(meeting, members, client_as, mailoutbox):
    client = client_as(members["katell"])
    url = reverse("governance:convocation", args=[meeting.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert mailoutbox == []


def test_someone_who_may_not_see_the_body_gets_404(client_volunteer, member, join):
    body = BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.MEMBERS)
    meeting = MeetingFactory(body=body)
    assert client_volunteer.get(reverse("governance:convocation", args=[meeting.pk])).status_code == 404


def test_a_cancelled_meeting_shows_no_send_button(meeting, secretary, members, client_as):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    page = soup(client_as(secretary).get(reverse("governance:convocation", args=[meeting.pk])))
    assert page.select_one("form.form") is None
    assert "annulée" in page.get_text()


@pytest.mark.parametrize("scale", [1, 10])
def test_the_page_queries_do_not_grow_with_members_and_sends(meeting, secretary, member, body, join, client_as,
                                                            committed, scale, django_assert_max_num_queries):
    for _index in range(3 * scale):
        join(body, member(Role.STAFF))
    for _send in range(scale):
        committed(convocation_send, meeting=meeting, by=secretary)
    client = client_as(secretary)
    url = reverse("governance:convocation", args=[meeting.pk])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
