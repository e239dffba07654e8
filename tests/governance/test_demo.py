"""The demo governance of `seed_demo` (issue 8, point 10): what the five demo accounts see and sit
on, a year of meetings whose minutes were approved at the next one, decisions referred upwards and
ruled on, and upcoming meetings with proposals waiting for review. Seeding is slow: the tests that
need the demo network check several facts each."""

import datetime as dt
import io
import itertools
import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from governance import benchmarks, permissions, rules
from governance.demo import BODIES, ensure_section, meeting_days
from governance.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    BodyPage,
    Convocation,
    ConvocationMethod,
    Decision,
    DecisionOutcome,
    GovernanceIndexPage,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Person, User
from intranet.roles import Role

ALL_BODIES = {spec.title for spec in BODIES}
WORKING_GROUPS = {"Groupe de travail Jeunesse", "Groupe de travail Numérique", "Groupe de travail Action culturelle",
                  "Groupe de travail Politique documentaire"}


def logged_in(role: Role) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=DEMO_ACCOUNTS[role]))
    return client


def person(role: Role) -> Person:
    return Person.objects.select_related("user").get(user__email=DEMO_ACCOUNTS[role])


def bodies_listed(client: Client) -> set[str]:
    """The bodies the « Instances » section lists to this visitor."""
    page = BeautifulSoup(client.get(GovernanceIndexPage.objects.get().url).text, "html.parser")
    return {link.get_text(strip=True) for link in page.select("li.body-card h2 a")}


def seats(role: Role) -> set[tuple[str, str]]:
    return set(Membership.objects.current(timezone.localdate()).filter(person=person(role))
               .values_list("body__title", "role"))


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoGovernance:
    """Seeded once for the class (tests/conftest.py); each test's changes are rolled back after it."""

    def test_the_five_demo_accounts_see_and_sit_on_the_bodies_the_issue_gives_them(self, demo_network):
        assert bodies_listed(logged_in(Role.COORDINATION)) == ALL_BODIES
        # Staff read the bodies open to all staff, not the coordination cell (members only).
        assert bodies_listed(logged_in(Role.REFERENTS)) == ALL_BODIES - {"Cellule de coordination"}
        assert bodies_listed(logged_in(Role.STAFF)) == ALL_BODIES - {"Cellule de coordination"}
        # The elected official: the conference of mayors (the whole network) and COPIL, where they sit.
        assert bodies_listed(logged_in(Role.ELECTED)) == {"Conférence des maires", "Comité de pilotage"}
        assert bodies_listed(logged_in(Role.VOLUNTEERS)) == {"Conférence des maires"}

        assert ("Conférence des maires", MembershipRole.CHAIR) in seats(Role.ELECTED)
        assert ("Comité technique", MembershipRole.REFERENT) in seats(Role.REFERENTS)
        assert [body for body, _role in seats(Role.STAFF) if body in WORKING_GROUPS] == ["Groupe de travail Numérique"]
        assert {("Comité technique", MembershipRole.CHAIR), ("Cellule de coordination", MembershipRole.CHAIR)} <= seats(
            Role.COORDINATION)
        assert seats(Role.VOLUNTEERS) == set()
        # COTECH: every library's referent, and the coordination.
        technical = BodyPage.objects.get(short_name="COTECH")
        members = Membership.objects.filter(body=technical)
        assert members.filter(person__user__groups__name=Role.REFERENTS).count() == 15
        assert members.filter(person__user__groups__name=Role.COORDINATION).count() == 4

    def test_a_year_of_meetings_with_minutes_decisions_referred_and_ruled_and_actions(self, demo_network):
        now, today = timezone.now(), timezone.localdate()
        for body in BodyPage.objects.all():
            held = list(Meeting.objects.filter(body=body, status=MeetingStatus.HELD).order_by("start"))
            assert held and timezone.localdate(held[0].start) < today - dt.timedelta(days=250), body
            chair = Membership.objects.get(body=body, role=MembershipRole.CHAIR).person
            # Each meeting's minutes were approved at the next one, by the chair; the last wait for it.
            for meeting, following in itertools.pairwise(held):
                minutes = Minutes.objects.get(meeting=meeting)
                assert (minutes.status, minutes.approved_at_meeting, minutes.approved_by, minutes.approved_on) == (
                    MinutesStatus.APPROVED, following, chair, timezone.localdate(following.start)), meeting
            assert Minutes.objects.get(meeting=held[-1]).status == MinutesStatus.SUBMITTED
            # Convened within the notice period, every member a recipient.
            members = Membership.objects.filter(body=body).count()
            convocation = Convocation.objects.annotate(sent_to=Count("recipients")).get(
                meeting=held[-1], method=ConvocationMethod.REQUEST)
            assert convocation.within_notice and convocation.sent_to == members
            assert held[-1].attendance.count() == members
        # « Suivi des actions » opens every agenda.
        first_items = AgendaItem.objects.filter(position=0)
        assert first_items.count() == Meeting.objects.count() == first_items.filter(is_action_review=True).count()
        # Decisions numbered per body and year.
        numbers = list(Decision.objects.filter(meeting__body__short_name="COTECH").order_by("meeting__start", "number")
                       .values_list("number", flat=True))
        assert all(re.fullmatch(r"COTECH-20\d\d-\d\d", number) for number in numbers)
        assert len(numbers) == len(set(numbers))
        # A working group's decision referred to COTECH, accepted on its agenda and ruled on there.
        ruled = [decision for decision in Decision.objects.filter(outcome=DecisionOutcome.REFERRED,
                                                                  meeting__body__kind="working_group")
                 if hasattr(decision, "escalation") and decision.escalation.status == ProposalStatus.ACCEPTED]
        assert ruled
        proposal = ruled[0].escalation
        assert proposal.meeting.body.short_name == "COTECH" and proposal.meeting.start > ruled[0].meeting.start
        ruling = Decision.objects.get(item=proposal.agenda_item)
        assert ruling.meeting == proposal.meeting
        assert ruling.outcome in {DecisionOutcome.ADOPTED, DecisionOutcome.REJECTED}
        assert ruled[0].number in ruling.text
        # Actions done, open and not yet due, open and overdue.
        actions = ActionItem.objects.all()
        assert actions.filter(status=ActionStatus.DONE, done_at__lte=now).exists()
        assert actions.filter(status=ActionStatus.OPEN, due_date__gte=today).exists()
        assert actions.filter(status=ActionStatus.OPEN, due_date__lt=today).exists()
        assert actions.open().filter(owner=person(Role.REFERENTS), body__short_name="COTECH").exists()
        assert actions.open().filter(owner=person(Role.STAFF), body__short_name="GT Numérique").exists()

    def test_upcoming_meetings_wait_with_proposals_and_the_demo_referent_may_still_propose(self, demo_network):
        now, today = timezone.now(), timezone.localdate()
        technical = BodyPage.objects.get(short_name="COTECH")
        meeting = Meeting.objects.filter(body=technical).upcoming(now).first()
        assert 14 <= (timezone.localdate(meeting.start) - today).days <= 21
        assert meeting.status == MeetingStatus.PLANNED and rules.proposals_open(meeting, now)
        pending = Proposal.objects.filter(meeting=meeting, status=ProposalStatus.PENDING).select_related("proposer")
        proposers = {proposal.proposer for proposal in pending}
        assert len(pending) >= 3
        assert person(Role.REFERENTS) not in proposers  # left free to propose, as the browser test does
        assert all(Membership.objects.filter(body=technical, person=proposer).exists() for proposer in proposers)
        assert permissions.can_propose(User.objects.get(email=DEMO_ACCOUNTS[Role.REFERENTS]), technical)
        # Every body has its next meeting planned; the coordination cell's is already convened.
        assert set(Meeting.objects.upcoming(now).values_list("body__title", flat=True)) == ALL_BODIES
        cell = Meeting.objects.filter(body__short_name="Cellule").upcoming(now).first()
        assert cell.convocations.filter(sent_at__lte=now, within_notice=True).exists()

    def test_seeding_again_adds_nothing(self, demo_network):
        models = (BodyPage, Membership, Meeting, AgendaItem, Proposal, Decision, ActionItem, Minutes, Convocation)
        before = [model.objects.count() for model in models]
        call_command("seed_demo", "--force", stdout=io.StringIO())
        assert [model.objects.count() for model in models] == before

    def test_the_pages_show_each_reader_what_they_may_see(self, demo_network):
        staff, volunteer = logged_in(Role.STAFF), logged_in(Role.VOLUNTEERS)
        coordinator = person(Role.COORDINATION).get_absolute_url()

        def sections(client, url) -> list[str]:
            page = BeautifulSoup(client.get(url).text, "html.parser")
            title = page.find(id="section-governance_bodies")
            if title is None:
                return []
            return [link.get_text(strip=True) for link in title.find_parent("section").select("a")]

        # coordination@ sits on COPIL and COTECH (all staff) and the coordination cell (members only).
        assert sections(logged_in(Role.COORDINATION), coordinator) == [
            "Comité de pilotage", "Comité technique", "Cellule de coordination"]
        assert sections(staff, coordinator) == ["Comité de pilotage", "Comité technique"]
        assert sections(volunteer, coordinator) == []
        assert sections(volunteer, person(Role.ELECTED).get_absolute_url()) == ["Conférence des maires"]
        # The body page that `make bench` measures, as its account (the demo staff member) reads it.
        response = staff.get(benchmarks.body_page())
        assert response.status_code == 200
        assert person(Role.REFERENTS).full_name in response.text and "Comité technique" in response.text


def test_a_monthly_body_meets_each_month_but_august_and_longer_ago_at_a_larger_scale():
    spec = next(spec for spec in BODIES if spec.short_name == "COTECH")
    today = dt.date(2026, 3, 10)
    days = meeting_days(spec, today=today, past=12)
    past = [day for day in days if day < today]
    assert len(past) == 11 and all(day.month != 8 for day in days)  # twelve months back, without August
    assert all(day.weekday() == spec.weekday for day in days)
    assert next(day for day in days if day >= today) == dt.date(2026, 3, 26)  # the Thursday after two weeks
    assert len({(day.year, day.month) for day in days}) == len(days)  # once a month
    assert len([day for day in meeting_days(spec, today=today, past=24) if day < today]) == 22


def test_the_section_is_made_again_when_a_database_has_lost_it(db):
    GovernanceIndexPage.objects.all().delete()
    section = ensure_section()
    assert section.title == "Instances" and section.live
    assert section.get_parent().specific_class.__name__ == "HomePage"
