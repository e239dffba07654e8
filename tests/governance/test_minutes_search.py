"""Approved minutes in the site's search and the dashboard's « minutes waiting for my approval »:
only what the reader may read, never a draft, at a constant number of queries."""

import re
from html import unescape

import pytest
from django.urls import reverse

from governance.models import ItemMinutes, MembershipRole, MinutesStatus, ReadingRule
from governance.selectors.minutes import approved_minutes_visible_to
from intranet.roles import Role

from .factories import AgendaItemFactory, BodyFactory, MeetingFactory, MembershipFactory, MinutesFactory

# Who finds a body's approved minutes without sitting on it, by reading rule.
FINDS = {
    ReadingRule.MEMBERS: {Role.COORDINATION},
    ReadingRule.STAFF: {Role.COORDINATION, Role.REFERENTS, Role.STAFF},
    ReadingRule.NETWORK: set(Role),
}


def search(client, text):
    response = client.get(reverse("search"), {"q": text})
    assert response.status_code == 200
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize("rule", list(ReadingRule), ids=str)
def test_search_finds_approved_minutes_by_the_bodys_reading_rule(as_each_role, rule):
    body = BodyFactory(title="Groupe Numérique", reading_rule=rule)
    meeting = MeetingFactory(body=body, title="Numérique de février", days_ahead=-20)
    minutes = MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED, summary="<p>Les liseuses arrivent.</p>")
    ItemMinutes.objects.create(minutes=minutes, item=AgendaItemFactory(meeting=meeting),
                               text="<p>Le prêt de tablettes commence en avril.</p>")
    expected = as_each_role.role in FINDS[rule]

    by_item = search(as_each_role.client, "tablettes avril")
    by_title = search(as_each_role.client, "Numérique de février")

    minutes_url = reverse("governance:minutes", args=[meeting.pk])
    assert (f'href="{minutes_url}"' in by_item) is expected
    assert (f'href="{minutes_url}"' in by_title) is expected
    assert ("Les liseuses arrivent." in by_item) is expected
    assert approved_minutes_visible_to(as_each_role.user).filter(pk=minutes.pk).exists() is expected


def test_search_never_finds_a_draft_or_submitted_minutes(client_coordination):
    for status in (MinutesStatus.DRAFT, MinutesStatus.SUBMITTED, MinutesStatus.SUPERSEDED):
        meeting = MeetingFactory(days_ahead=-20)
        MinutesFactory(meeting=meeting, status=status, summary="<p>Médiathèque éphémère</p>")
    assert "Médiathèque éphémère" not in search(client_coordination, "éphémère")


def test_a_member_finds_the_minutes_of_a_members_only_body(account, client_as):
    user = account(Role.ELECTED)
    body = BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=user.person)
    meeting = MeetingFactory(body=body, days_ahead=-20)
    MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED, summary="<p>Tarification unique adoptée</p>")
    page = search(client_as(user), "tarification")
    assert "Tarification unique adoptée" in page
    assert "Compte rendu — Conférence des maires" in page


@pytest.mark.parametrize("scale", [1, 10])
def test_the_search_source_runs_the_same_queries_at_1x_and_10x(client_staff, scale, django_assert_max_num_queries):
    body = BodyFactory(reading_rule=ReadingRule.STAFF)
    for _ in range(3 * scale):
        MinutesFactory(meeting=MeetingFactory(body=body, days_ahead=-20), status=MinutesStatus.APPROVED,
                       summary="<p>Budget des acquisitions</p>")
    client_staff.get(reverse("search"), {"q": "acquisitions"})  # warm the per-process caches
    with django_assert_max_num_queries(25):
        page = search(client_staff, "acquisitions")
    assert page.count("Budget des acquisitions") == min(3 * scale, 10)  # the source's limit


# --- The dashboard panel ---------------------------------------------------------------------------

@pytest.fixture
def waiting(body):
    meeting = MeetingFactory(body=body, title="COTECH du 3 mars", days_ahead=-7)
    return MinutesFactory(meeting=meeting, status=MinutesStatus.SUBMITTED)


def test_the_chair_sees_the_minutes_waiting_for_approval(waiting, chair, client_as):
    page = home(client_as(chair))
    assert "Comptes rendus à approuver" in page
    assert "COTECH du 3 mars" in page
    assert "1 compte rendu attend votre approbation" in page


def test_the_secretary_and_the_members_do_not(waiting, secretary, member, join, body, client_as):
    referent = member(Role.REFERENTS, first_name="Gwen")
    join(body, referent, MembershipRole.REFERENT)
    for person in (secretary, referent):
        assert "Comptes rendus à approuver" not in home(client_as(person))


def test_coordination_sees_every_body_s_minutes_waiting(waiting, client_coordination):
    other = MeetingFactory(body=BodyFactory(title="COPIL", reading_rule=ReadingRule.MEMBERS), title="COPIL de mars",
                           days_ahead=-3)
    MinutesFactory(meeting=other, status=MinutesStatus.SUBMITTED)
    MinutesFactory(meeting=MeetingFactory(title="Brouillon de réunion", days_ahead=-3), status=MinutesStatus.DRAFT)
    page = home(client_coordination)
    assert "COTECH du 3 mars" in page and "COPIL de mars" in page
    assert "Brouillon de réunion" not in page
    assert "2 comptes rendus attendent votre approbation" in page


def test_the_chair_of_another_body_does_not_see_them(waiting, member, join, client_as):
    other_chair = member(Role.REFERENTS, first_name="Loeiz")
    join(BodyFactory(title="Groupe Jeunesse"), other_chair, MembershipRole.CHAIR)
    assert "COTECH du 3 mars" not in home(client_as(other_chair))


@pytest.mark.parametrize("scale", [1, 10])
def test_the_panel_runs_the_same_queries_at_1x_and_10x(client_coordination, scale, django_assert_max_num_queries):
    for _ in range(2 * scale):
        MinutesFactory(meeting=MeetingFactory(days_ahead=-7), status=MinutesStatus.SUBMITTED)
    client_coordination.get("/")  # warm the per-process caches
    with django_assert_max_num_queries(25):
        page = home(client_coordination)
    assert f"{2 * scale} comptes rendus attendent" in page
