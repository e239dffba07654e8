"""Who sees a body (DESIGN §5): the five roles x the three reading rules, members or not, on the
body's page, the « Instances » section, the site's search and the admin."""

import datetime as dt

import pytest
from django.urls import reverse

from governance import permissions
from governance.models import GovernanceIndexPage, MembershipRole, ReadingRule
from intranet.roles import Role
from tests.accounts import role_id

from .factories import BodyFactory, MembershipFactory

# Who may see a body they do not sit on, by its reading rule.
SEES_AS_NON_MEMBER = {
    ReadingRule.MEMBERS: {Role.COORDINATION},
    ReadingRule.STAFF: {Role.COORDINATION, Role.REFERENTS, Role.STAFF},
    ReadingRule.NETWORK: set(Role),
}


@pytest.mark.parametrize("rule", list(ReadingRule), ids=str)
def test_a_non_member_sees_a_body_by_its_reading_rule(as_each_role, rule):
    body = BodyFactory(title="Groupe Numérique", reading_rule=rule)
    expected = as_each_role.role in SEES_AS_NON_MEMBER[rule]
    response = as_each_role.client.get(body.url)
    assert response.status_code == (200 if expected else 404)
    assert permissions.can_see_body(as_each_role.user, body) is expected


@pytest.mark.parametrize("role", list(Role), ids=role_id)
def test_the_bodies_listed_as_visible_are_those_can_see_body_opens(account, role):
    """The register, search and the admin filter bodies with visible_body_ids / visible_bodies_q /
    hidden_body_paths: the same rule as can_see_body, body by body."""
    from django.contrib.auth import get_user_model

    user = account(role)
    bodies = [BodyFactory(title=f"Instance {rule}", reading_rule=rule) for rule in ReadingRule]
    joined = BodyFactory(title="Instance dont il est membre", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=joined, person=user.person)
    fresh = get_user_model().objects.get(pk=user.pk)  # as a new request sees it
    expected = {body.pk for body in [*bodies, joined] if permissions.can_see_body(fresh, body)}
    assert permissions.visible_body_ids(fresh) == expected
    assert joined.pk in expected
    hidden = set(permissions.hidden_body_paths(fresh))
    assert {body.path for body in [*bodies, joined] if body.pk not in expected} == hidden


@pytest.mark.parametrize("role", list(Role), ids=role_id)
def test_a_member_sees_a_members_only_body_whatever_their_role(account, client_as, role):
    user = account(role)
    body = BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=user.person)
    response = client_as(user).get(body.url)
    assert response.status_code == 200
    assert "Conférence des maires" in response.content.decode()


def test_a_former_member_no_longer_sees_a_members_only_body(staff_user, client_staff, clock):
    body = BodyFactory(reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=staff_user.person, until=clock.today() - dt.timedelta(days=1))
    assert client_staff.get(body.url).status_code == 404


def test_the_section_lists_only_the_bodies_a_person_may_see(volunteer_user, client_volunteer):
    BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    BodyFactory(title="Comité technique", reading_rule=ReadingRule.STAFF)
    BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.NETWORK)
    page = client_volunteer.get(GovernanceIndexPage.objects.get().url).content.decode()
    assert "Conférence des maires" in page
    assert "Comité technique" not in page
    assert "Cellule de coordination" not in page


def test_the_navigation_entry_leads_to_the_section(client_staff):
    response = client_staff.get(reverse("governance:index"))
    assert response.status_code == 302
    assert response["Location"] == GovernanceIndexPage.objects.get().url


def test_the_body_page_shows_its_current_members_and_roles(client_staff, member, body, join):
    join(body, member(Role.REFERENTS, first_name="Maëlle", last_name="Riou"), MembershipRole.CHAIR)
    join(body, member(Role.STAFF, first_name="Loïc", last_name="Hamon"),
         until=dt.date(2020, 1, 1), since=dt.date(2019, 1, 1))
    page = client_staff.get(body.url).content.decode()
    assert "Maëlle Riou" in page
    assert "Loïc Hamon" not in page  # left in 2020


@pytest.mark.parametrize("role", [Role.STAFF, Role.VOLUNTEERS, Role.ELECTED], ids=role_id)
def test_search_does_not_find_a_body_its_reader_may_not_see(account, client_as, role):
    BodyFactory(title="Cellule de coordination confidentielle", reading_rule=ReadingRule.MEMBERS)
    page = client_as(account(role)).get(reverse("search"), {"q": "confidentielle"}).content.decode()
    assert "Cellule de coordination confidentielle" not in page


def test_search_finds_a_body_its_reader_sits_on(staff_user, client_staff):
    body = BodyFactory(title="Groupe Politique documentaire", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=staff_user.person)
    page = client_staff.get(reverse("search"), {"q": "documentaire"}).content.decode()
    assert "Groupe Politique documentaire" in page


def test_the_admin_does_not_open_a_body_page_to_a_referent_who_may_not_see_it(client_referent, referent_user):
    body = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    assert client_referent.get(reverse("wagtailadmin_pages:edit", args=[body.pk])).status_code in (302, 403, 404)
    listing = client_referent.get(reverse("wagtailadmin_explore", args=[body.get_parent().pk]))
    assert "Cellule de coordination" not in listing.content.decode()


def test_rights_in_a_body_follow_the_role_held_in_it(member, body, join):
    secretary, chair, plain = (member(Role.STAFF) for _ in range(3))
    join(body, secretary, MembershipRole.SECRETARY)
    join(body, chair, MembershipRole.CHAIR)
    join(body, plain)
    outsider = member(Role.STAFF)
    coordination = member(Role.COORDINATION)
    everyone = (secretary, chair, plain, outsider, coordination)
    assert [permissions.can_run(person.user, body) for person in everyone] == [True, True, False, False, True]
    assert [permissions.can_propose(person.user, body) for person in everyone] == [True, True, True, False, False]
    assert [permissions.can_approve_minutes(person.user, body) for person in everyone] == [
        False, True, False, False, True]
    assert [permissions.can_read_draft_minutes(person.user, body) for person in everyone] == [
        True, True, False, False, True]
