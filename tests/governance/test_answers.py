"""Members' answers to a convocation: on the site and from the email's signed link (without logging
in), one answer per person that they may change until the meeting starts, the proxy rules, and
the answers page with the expected quorum."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from governance.errors import NotAllowed
from governance.models import Answer, AnswerResponse, MeetingStatus, MembershipRole, QuorumRule, ReadingRule
from governance.selectors.convocations import answers_summary, quorum_required
from governance.services.convocations import AnswerRefused, answer_record, answer_token, convocation_send
from intranet.roles import Role
from tests.calendar_sync.helpers import emails_to, soup

from .factories import BodyFactory, MeetingFactory

ATTENDING, EXCUSED, PROXY = AnswerResponse.ATTENDING, AnswerResponse.EXCUSED, AnswerResponse.PROXY


@pytest.fixture
def people(member, body, join):
    """Four voting members and a guest of the COTECH."""
    made = {
        "katell": member(Role.STAFF, first_name="Katell", last_name="Morvan"),
        "loic": member(Role.REFERENTS, first_name="Loïc", last_name="Hamon"),
        "maelle": member(Role.REFERENTS, first_name="Maëlle", last_name="Riou"),
        "yann": member(Role.STAFF, first_name="Yann", last_name="Cariou"),
        "guest": member(Role.ELECTED, first_name="Annaïg", last_name="Salaün"),
    }
    for name, person in made.items():
        join(body, person, MembershipRole.GUEST if name == "guest" else MembershipRole.MEMBER)
    return made


def answer_link(meeting, person) -> str:
    return reverse("governance:answer_by_link", args=[answer_token(meeting, person)])


# --- the service ------------------------------------------------------------------------------


def test_a_member_answers_and_may_change_their_answer(meeting, people):
    answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)
    answer_record(meeting=meeting, person=people["katell"], response=EXCUSED)

    [answer] = Answer.objects.filter(meeting=meeting)
    assert (answer.person, answer.response, answer.by_link) == (people["katell"], EXCUSED, False)


def test_someone_who_does_not_sit_on_the_body_cannot_answer(meeting, member):
    with pytest.raises(NotAllowed):
        answer_record(meeting=meeting, person=member(Role.STAFF), response=ATTENDING)
    assert not Answer.objects.exists()


def test_a_former_member_cannot_answer(meeting, member, body, join, clock):
    former = member(Role.STAFF)
    join(body, former, since=clock.today() - dt.timedelta(days=90), until=clock.today() - dt.timedelta(days=1))
    with pytest.raises(NotAllowed):
        answer_record(meeting=meeting, person=former, response=ATTENDING)


def test_answers_close_when_the_meeting_starts(meeting, people, clock):
    clock.move_to(meeting.start)
    with pytest.raises(AnswerRefused, match="la réunion a commencé"):
        answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)
    assert not Answer.objects.exists()


def test_a_cancelled_meeting_takes_no_answer(meeting, people):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(AnswerRefused, match="annulée"):
        answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)


# --- proxies --------------------------------------------------------------------------------------


def test_a_member_gives_a_proxy_to_another_voting_member(meeting, people):
    answer = answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])
    assert answer.proxy_to == people["loic"]


def test_a_proxy_cannot_go_to_a_guest(meeting, people):
    with pytest.raises(AnswerRefused, match="n'est pas membre votant") as raised:
        answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["guest"])
    assert raised.value.field == "proxy_to"


def test_a_proxy_cannot_go_to_someone_outside_the_body(meeting, people, member):
    with pytest.raises(AnswerRefused, match="n'est pas membre votant"):
        answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=member(Role.STAFF))


def test_a_proxy_cannot_go_to_oneself(meeting, people):
    with pytest.raises(AnswerRefused, match="vous donner votre propre pouvoir"):
        answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["katell"])


def test_a_proxy_needs_a_holder(meeting, people):
    with pytest.raises(AnswerRefused, match="Choisissez le membre"):
        answer_record(meeting=meeting, person=people["katell"], response=PROXY)


def test_a_guest_gives_no_proxy(meeting, people):
    with pytest.raises(AnswerRefused, match="invités ne votent pas"):
        answer_record(meeting=meeting, person=people["guest"], response=PROXY, proxy_to=people["loic"])


def test_a_proxy_cannot_go_to_someone_who_gave_their_own(meeting, people):
    answer_record(meeting=meeting, person=people["loic"], response=PROXY, proxy_to=people["maelle"])
    with pytest.raises(AnswerRefused, match="Loïc Hamon a donné son propre pouvoir à Maëlle Riou"):
        answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])


def test_a_member_holds_at_most_one_proxy(meeting, people):
    answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])
    with pytest.raises(AnswerRefused) as raised:
        answer_record(meeting=meeting, person=people["yann"], response=PROXY, proxy_to=people["loic"])
    assert raised.value.message == (
        "Loïc Hamon détient déjà le pouvoir de Katell Morvan, et un membre ne peut détenir qu'un seul pouvoir. "
        "Choisissez un autre membre.")
    assert Answer.objects.filter(proxy_to=people["loic"]).count() == 1


def test_a_proxy_holder_cannot_pass_proxies_on(meeting, people):
    answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])
    with pytest.raises(AnswerRefused, match="Katell Morvan vous a donné son pouvoir"):
        answer_record(meeting=meeting, person=people["loic"], response=PROXY, proxy_to=people["maelle"])


def test_changing_a_proxy_frees_its_holder(meeting, people):
    answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])
    answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)
    answer = answer_record(meeting=meeting, person=people["yann"], response=PROXY, proxy_to=people["loic"])
    assert answer.proxy_to == people["loic"]
    assert Answer.objects.get(person=people["katell"]).proxy_to is None


# --- the quorum ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "voting", "required"), [
    (QuorumRule.NONE, 9, 0),
    (QuorumRule.THIRD, 9, 3), (QuorumRule.THIRD, 10, 4),
    (QuorumRule.MAJORITY, 9, 5), (QuorumRule.MAJORITY, 10, 6),
    (QuorumRule.TWO_THIRDS, 9, 6), (QuorumRule.TWO_THIRDS, 10, 7),
], ids=lambda value: str(value))
def test_the_quorum_rule_gives_the_number_required(rule, voting, required):
    assert quorum_required(rule, voting) == required


@pytest.mark.parametrize(("rule", "proxies_count", "required", "expected", "reached"), [
    (QuorumRule.NONE, True, 0, 3, True),
    (QuorumRule.THIRD, True, 2, 3, True),
    (QuorumRule.MAJORITY, True, 3, 3, True),
    (QuorumRule.MAJORITY, False, 3, 2, False),
    (QuorumRule.TWO_THIRDS, True, 4, 3, False),
], ids=["none", "third", "majority", "majority-without-proxies", "two-thirds"])
def test_the_expected_quorum_counts_attendance_and_proxies(meeting, body, people, secretary, rule,
                                                           proxies_count, required, expected, reached):
    """Five voting members (the secretary and four) and a guest: two attend, one gives a proxy to one
    of them, one is excused, the secretary has not answered; the guest attends but does not count."""
    body.quorum_rule, body.proxies_count_for_quorum = rule, proxies_count
    body.save()
    answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)
    answer_record(meeting=meeting, person=people["loic"], response=ATTENDING)
    answer_record(meeting=meeting, person=people["maelle"], response=PROXY, proxy_to=people["loic"])
    answer_record(meeting=meeting, person=people["yann"], response=EXCUSED)
    answer_record(meeting=meeting, person=people["guest"], response=ATTENDING)

    quorum = answers_summary(meeting, secretary.user).quorum
    assert (quorum.voting_members, quorum.attending, quorum.proxies_given) == (5, 2, 1)
    assert (quorum.required, quorum.expected, quorum.reached) == (required, expected, reached)


def test_a_proxy_held_by_a_member_who_does_not_attend_does_not_count(meeting, body, people, secretary):
    body.quorum_rule = QuorumRule.MAJORITY
    body.save()
    answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])

    quorum = answers_summary(meeting, secretary.user).quorum
    assert (quorum.proxies_given, quorum.proxies_held_by_attendees, quorum.expected) == (1, 0, 0)


# --- the signed link -------------------------------------------------------------------------------


def test_the_email_link_opens_without_logging_in_and_shows_only_the_meeting_and_the_person(
        meeting, people, secretary, committed):
    committed(convocation_send, meeting=meeting, by=secretary)
    [message] = emails_to(people["katell"].user.email)
    link = re.search(r"https?://\S+/gouvernance/reponse/\S+/", message.body).group(0)

    response = Client().get(link.split("testserver", 1)[-1])
    assert response.status_code == 200
    page = soup(response).select_one("main").get_text(" ", strip=True)
    assert "COTECH de printemps" in page and "Katell Morvan" in page
    assert "Loïc Hamon" in soup(response).select_one("select[name=proxy_to]").get_text()  # a possible holder
    assert "Annaïg Salaün" not in page  # a guest: no proxy to them, and nothing else of the body
    assert secretary.user.email not in page


def test_an_answer_by_link_is_recorded_and_logs_nobody_in(meeting, people):
    client = Client()
    response = client.post(answer_link(meeting, people["katell"]),
                           {"response": PROXY, "proxy_to": people["loic"].pk})
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.person, answer.response, answer.proxy_to, answer.by_link) == (
        people["katell"], PROXY, people["loic"], True)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("governance:answers", args=[meeting.pk])).status_code == 302  # to the login page


def test_the_link_page_says_what_was_recorded(meeting, people):
    client = Client()
    page = client.post(answer_link(meeting, people["katell"]), {"response": EXCUSED}, follow=True)
    assert "Votre réponse est enregistrée : excusé·e." in soup(page).get_text()


def test_a_refused_proxy_by_link_is_shown_next_to_its_field(meeting, people):
    answer_record(meeting=meeting, person=people["yann"], response=PROXY, proxy_to=people["loic"])
    response = Client().post(answer_link(meeting, people["katell"]), {"response": PROXY, "proxy_to": people["loic"].pk})
    assert response.status_code == 400
    errors = soup(response).find(id="id_proxy_to_error").get_text()
    assert "un membre ne peut détenir qu'un seul pouvoir" in errors


def test_a_tampered_token_is_404(meeting, people):
    token = answer_token(meeting, people["katell"])
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert Client().get(reverse("governance:answer_by_link", args=[forged])).status_code == 404
    assert Client().get(reverse("governance:answer_by_link", args=["pas-un-jeton"])).status_code == 404


def test_a_token_signed_for_something_else_is_404(meeting, people):
    from django.core import signing

    other_salt = signing.dumps({"m": meeting.pk, "p": people["katell"].pk}, salt="autre.chose")
    assert Client().get(reverse("governance:answer_by_link", args=[other_salt])).status_code == 404


def test_the_link_expires_when_the_meeting_ends(meeting, people, clock):
    link = answer_link(meeting, people["katell"])
    clock.move_to(meeting.start + dt.timedelta(minutes=30))
    during = Client().get(link)
    assert during.status_code == 200
    assert "la réunion a commencé" in soup(during).get_text()
    assert soup(during).select_one("form.form") is None
    clock.move_to(meeting.end)
    assert Client().get(link).status_code == 404


def test_a_link_answers_only_its_own_meeting(meeting, body, people):
    other = MeetingFactory(body=body, title="COTECH d'automne", days_ahead=60)
    response = Client().post(answer_link(other, people["katell"]), {"response": ATTENDING})

    assert response.status_code == 302
    assert list(Answer.objects.values_list("meeting_id", flat=True)) == [other.pk]


def test_a_former_members_link_is_404(meeting, body, people, clock):
    link = answer_link(meeting, people["katell"])
    people["katell"].body_memberships.filter(body=body).update(until=clock.today() - dt.timedelta(days=1))
    assert Client().get(link).status_code == 404
    assert Client().post(link, {"response": ATTENDING}).status_code == 404
    assert not Answer.objects.exists()


def test_the_link_form_still_needs_its_csrf_token(meeting, people):
    client = Client(enforce_csrf_checks=True)
    assert client.post(answer_link(meeting, people["katell"]), {"response": ATTENDING}).status_code == 403
    assert not Answer.objects.exists()


# --- the answer form on the site -------------------------------------------------------------------


def test_a_member_answers_on_the_site(meeting, people, client_as):
    client = client_as(people["katell"])
    url = reverse("governance:answer", args=[meeting.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"response": ATTENDING})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:answers", args=[meeting.pk])
    assert Answer.objects.get().by_link is False


def test_the_site_form_shows_the_current_answer(meeting, people, client_as):
    answer_record(meeting=meeting, person=people["katell"], response=PROXY, proxy_to=people["loic"])
    page = soup(client_as(people["katell"]).get(reverse("governance:answer", args=[meeting.pk])))
    assert page.select_one("input[name=response][value=proxy]").has_attr("checked")
    assert page.select_one(f"select[name=proxy_to] option[value='{people['loic'].pk}']").has_attr("selected")


def test_a_proxy_without_a_holder_is_a_400_with_its_error(meeting, people, client_as):
    response = client_as(people["katell"]).post(reverse("governance:answer", args=[meeting.pk]), {"response": PROXY})
    assert response.status_code == 400
    assert "Choisissez le membre" in soup(response).find(id="id_proxy_to_error").get_text()
    assert not Answer.objects.exists()


def test_a_guest_is_not_offered_a_proxy(meeting, people, client_as):
    page = soup(client_as(people["guest"]).get(reverse("governance:answer", args=[meeting.pk])))
    assert page.select_one("input[name=response][value=proxy]") is None
    assert page.select_one("select[name=proxy_to]") is None


def test_a_non_member_who_sees_the_body_gets_403(meeting, client_staff):
    url = reverse("governance:answer", args=[meeting.pk])
    assert client_staff.get(url).status_code == 403
    assert client_staff.post(url, {"response": ATTENDING}).status_code == 403


def test_someone_who_may_not_see_the_body_gets_404(client_volunteer):
    meeting = MeetingFactory(body=BodyFactory(reading_rule=ReadingRule.MEMBERS))
    assert client_volunteer.get(reverse("governance:answer", args=[meeting.pk])).status_code == 404
    assert client_volunteer.get(reverse("governance:answers", args=[meeting.pk])).status_code == 404


# --- the answers page ----------------------------------------------------------------------------


def test_the_answers_page_lists_answers_proxies_and_who_has_not_answered(meeting, body, people, secretary,
                                                                         client_as):
    body.quorum_rule = QuorumRule.MAJORITY
    body.save()
    answer_record(meeting=meeting, person=people["katell"], response=ATTENDING)
    answer_record(meeting=meeting, person=people["maelle"], response=PROXY, proxy_to=people["katell"])
    page = soup(client_as(people["loic"]).get(reverse("governance:answers", args=[meeting.pk])))

    rows = {row.th.get_text(strip=True): row.get_text(" ", strip=True)
            for row in page.select(".answers-table tbody tr")}
    assert "Sera présent·e" in rows["Katell Morvan"] and "détient le pouvoir de Maëlle Riou" in rows["Katell Morvan"]
    assert "à Katell Morvan" in rows["Maëlle Riou"]
    waiting = page.select_one(".not-answered").get_text(" ", strip=True)
    assert "Loïc Hamon" in waiting and "Nolwenn" in waiting
    quorum = page.select_one(".quorum").get_text(" ", strip=True)
    assert "3 membres requis" in quorum  # 5 voting (the secretary and four members): more than half
    assert "2 membres présents ou représentés" in quorum
    assert "le quorum n'est pas atteint" in quorum
    assert "Vous n'avez pas encore répondu." in page.get_text()


def test_the_answers_page_is_for_members_and_who_runs_the_body(meeting, people, client_staff, client_coordination):
    url = reverse("governance:answers", args=[meeting.pk])
    assert client_staff.get(url).status_code == 403  # all staff see the COTECH, not its answers
    assert client_coordination.get(url).status_code == 200


def test_the_answers_page_shows_the_sends_to_who_runs_the_body(meeting, people, secretary, client_as, committed):
    committed(convocation_send, meeting=meeting, by=secretary)
    assert soup(client_as(secretary).get(reverse("governance:answers", args=[meeting.pk]))).select_one(
        ".sends-table") is not None
    assert soup(client_as(people["katell"]).get(reverse("governance:answers", args=[meeting.pk]))).select_one(
        ".sends-table") is None


def test_the_summary_for_the_meeting_page_is_none_for_a_reader_who_is_not_a_member(meeting, people, staff_user):
    assert answers_summary(meeting, staff_user) is None
    assert answers_summary(meeting, people["katell"].user).is_member is True


@pytest.mark.parametrize("scale", [1, 10])
def test_the_answers_page_queries_do_not_grow_with_members(meeting, body, member, join, secretary, client_as,
                                                           scale, django_assert_max_num_queries):
    people = [member(Role.STAFF) for _index in range(5 * scale)]
    for person in people:
        join(body, person)
    attending, givers = people[:2 * scale], people[2 * scale:3 * scale]
    for person in attending:
        answer_record(meeting=meeting, person=person, response=ATTENDING)
    for giver, holder in zip(givers, attending, strict=False):
        answer_record(meeting=meeting, person=giver, response=PROXY, proxy_to=holder)
    client = client_as(secretary)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("governance:answers", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_link_page_queries_do_not_grow_with_members(meeting, body, member, join, people, scale,
                                                        django_assert_max_num_queries):
    for _index in range(5 * scale):
        join(body, member(Role.STAFF))
    link = answer_link(meeting, people["katell"])
    with django_assert_max_num_queries(10):
        assert Client().get(link).status_code == 200
