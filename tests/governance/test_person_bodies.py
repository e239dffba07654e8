"""« Instances » on a person's directory page: the bodies they sit on today with their role, among
those the reader may see, at a number of queries that does not grow with their memberships."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from governance.models import MembershipRole, ReadingRule
from intranet.roles import Role

from .factories import BodyFactory, MembershipFactory


def bodies_section(html: str) -> list[str]:
    """The lines of the « Instances » section of a directory page, [] when there is none."""
    page = BeautifulSoup(html, "html.parser")
    title = page.find(id="section-governance_bodies")
    if title is None:
        return []
    return [" ".join(item.get_text(" ", strip=True).split()) for item in title.find_parent("section").select("li")]


@pytest.fixture
def referent(member):
    return member(Role.REFERENTS, first_name="Maëlle", last_name="Riou")


@pytest.fixture
def seats(referent):
    """The referent sits on COTECH (all staff read it), the coordination cell (members only) and the
    conference of mayors (the whole network), and has left a working group."""
    technical = BodyFactory(title="Comité technique", short_name="COTECH", reading_rule=ReadingRule.STAFF)
    cell = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    mayors = BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.NETWORK)
    former = BodyFactory(title="Groupe de travail Numérique", reading_rule=ReadingRule.NETWORK)
    MembershipFactory(body=technical, person=referent, role=MembershipRole.REFERENT, since=dt.date(2025, 9, 1))
    MembershipFactory(body=cell, person=referent, role=MembershipRole.GUEST)
    MembershipFactory(body=mayors, person=referent, role=MembershipRole.SECRETARY)
    MembershipFactory(body=former, person=referent, since=dt.date(2024, 1, 1), until=dt.date(2025, 12, 31))
    return {"technical": technical, "cell": cell, "mayors": mayors}


def test_staff_see_the_bodies_open_to_staff_with_the_role_held(client_staff, referent, seats):
    lines = bodies_section(client_staff.get(referent.get_absolute_url()).text)
    assert len(lines) == 2  # not the members-only cell, nor the group left in 2025
    assert lines[0] == "Comité technique (COTECH) — Référent·e depuis le 1 septembre 2025"
    assert lines[1].startswith("Conférence des maires — Secrétaire depuis le ")


def test_a_body_link_leads_to_its_page(client_staff, referent, seats):
    page = BeautifulSoup(client_staff.get(referent.get_absolute_url()).text, "html.parser")
    links = [link["href"] for link in page.find(id="section-governance_bodies").find_parent("section").select("a")]
    assert seats["technical"].url in links


def test_a_volunteer_sees_only_what_the_whole_network_reads(client_volunteer, referent, seats):
    lines = bodies_section(client_volunteer.get(referent.get_absolute_url()).text)
    assert [line.split(" — ")[0] for line in lines] == ["Conférence des maires"]


def test_coordination_sees_every_body_even_members_only(client_coordination, referent, seats):
    lines = bodies_section(client_coordination.get(referent.get_absolute_url()).text)
    assert [line.split(" — ")[0] for line in lines] == ["Comité technique (COTECH)", "Cellule de coordination",
                                                        "Conférence des maires"]


def test_a_member_of_a_members_only_body_sees_a_fellow_member_sit_on_it(member, client_as, referent, seats):
    colleague = member(Role.STAFF, first_name="Loïc")
    MembershipFactory(body=seats["cell"], person=colleague)
    lines = bodies_section(client_as(colleague).get(referent.get_absolute_url()).text)
    assert "Cellule de coordination — Invité·e" in [line.split(" depuis")[0] for line in lines]


def test_no_section_for_someone_who_sits_on_no_body_the_reader_may_see(client_volunteer, referent, seats):
    seats["mayors"].memberships.all().delete()
    response = client_volunteer.get(referent.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('id="section-governance_bodies"') == 0


@pytest.mark.parametrize("bodies", [1, 10])
def test_the_page_reads_the_same_number_of_queries_whatever_the_memberships(
        client_staff, staff_user, referent, bodies, django_assert_max_num_queries):
    for number in range(bodies):
        body = BodyFactory(title=f"Groupe de travail {number}", reading_rule=ReadingRule.STAFF)
        MembershipFactory(body=body, person=referent)
    client_staff.get(referent.get_absolute_url())  # the site's root paths are cached after the first page
    with django_assert_max_num_queries(12):  # 11, and the skills map's section of the page
        response = client_staff.get(referent.get_absolute_url())
    assert len(bodies_section(response.text)) == bodies
