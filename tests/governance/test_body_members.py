"""A body's members: the body page shows its bureau and the first dozen with the head count, the
members page lists every current member a page at a time and finds one by name or library; neither
grows with the body."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.translation import ngettext

from governance.models import MembershipRole, ReadingRule
from governance.selectors.bodies import MEMBERS_SHOWN
from governance.views.bodies import MEMBERS_PER_PAGE
from intranet.roles import Role
from tests.factories import PersonFactory
from tests.html import texts

from .factories import BodyFactory, MembershipFactory


def add_members(body, count: int, **fields) -> None:
    for number in range(count):
        MembershipFactory(body=body, person=PersonFactory(first_name=f"Membre{number:03d}", last_name="Dupont",
                                                          user=None), **fields)


def members_url(body) -> str:
    return reverse("governance:body_members", args=[body.pk])


def test_the_body_page_shows_the_bureau_first_and_a_dozen_members_with_the_head_count(client_staff, body, member,
                                                                                      join):
    add_members(body, 20)
    join(body, member(Role.STAFF, first_name="Zoé", last_name="Zucchi"), MembershipRole.CHAIR)
    join(body, member(Role.STAFF, first_name="Yann", last_name="Ygrec"), MembershipRole.SECRETARY)
    page = client_staff.get(body.url).content.decode()
    rows = texts(page, "#members-title ~ .table-wrap tbody th")
    assert len(rows) == MEMBERS_SHOWN
    assert rows[:2] == ["Zoé Zucchi", "Yann Ygrec"]  # the chair, then the secretary, whatever their names
    assert ngettext("%(counter)s member today", "%(counter)s members today", 22) % {"counter": 22} in page
    assert members_url(body) in page


def test_the_body_page_has_no_link_to_the_members_page_when_it_shows_them_all(client_staff, body):
    add_members(body, 3)
    page = client_staff.get(body.url).content.decode()
    assert len(texts(page, "#members-title ~ .table-wrap tbody th")) == 3
    assert members_url(body) not in page


def test_the_members_page_lists_every_member_a_page_at_a_time(client_staff, body):
    add_members(body, MEMBERS_PER_PAGE + 5)
    first = client_staff.get(members_url(body))
    assert first.status_code == 200
    assert len(texts(first.content.decode(), "tbody th")) == MEMBERS_PER_PAGE
    second = client_staff.get(members_url(body), {"page": 2}).content.decode()
    assert texts(second, "tbody th") == [f"Membre{number:03d} Dupont" for number in range(MEMBERS_PER_PAGE,
                                                                                         MEMBERS_PER_PAGE + 5)]


def test_the_members_page_finds_a_member_by_name_or_library(client_staff, body, member, join):
    add_members(body, 30)
    join(body, member(Role.STAFF, first_name="Katell", last_name="Le Goff"))
    by_name = client_staff.get(members_url(body), {"q": "le goff"}).content.decode()
    assert texts(by_name, "tbody th") == ["Katell Le Goff"]
    nobody = client_staff.get(members_url(body), {"q": "introuvable"}).content.decode()
    assert texts(nobody, "tbody th") == []


def test_the_members_page_leaves_out_former_members(client_staff, body):
    MembershipFactory(body=body, person=PersonFactory(first_name="Ancien", last_name="Membre", user=None),
                      since=dt.date(2019, 1, 1), until=dt.date(2020, 1, 1))
    page = client_staff.get(members_url(body)).content.decode()
    assert "Ancien Membre" not in page


@pytest.mark.parametrize("url", ["members", "guessed"])
def test_the_members_page_of_a_body_one_may_not_see_is_not_found(client_staff, url):
    hidden = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    target = members_url(hidden) if url == "members" else reverse("governance:body_members", args=[999999])
    assert client_staff.get(target).status_code == 404


def test_the_members_page_costs_the_same_queries_with_ten_times_the_members(client_staff, body,
                                                                          django_assert_max_num_queries):
    add_members(body, 6)
    client_staff.get(members_url(body))  # fills the caches of the page frame
    with django_assert_max_num_queries(12):
        assert client_staff.get(members_url(body)).status_code == 200
    add_members(body, 54)
    with django_assert_max_num_queries(12):
        assert client_staff.get(members_url(body)).status_code == 200


def test_a_search_too_long_is_refused_with_its_reason_next_to_the_field(client_staff, body):
    add_members(body, 3)
    response = client_staff.get(members_url(body), {"q": "x" * 300})
    assert response.status_code == 400
    [error] = texts(response.content.decode(), "#id_q_error li")
    assert "200" in error  # « au plus 200 caractères »
