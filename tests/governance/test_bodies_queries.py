"""The « Instances » section and a body's page cost the same number of queries with ten times the
members, meetings, actions and decisions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import GovernanceIndexPage, MinutesStatus
from intranet.roles import Role

from .factories import ActionItemFactory, DecisionFactory, MeetingFactory, MembershipFactory, MinutesFactory

QUERY_BUDGET = 25


@pytest.fixture
def add_data(body, member):
    def add(scale: int) -> None:
        for _ in range(scale):
            person = member(Role.STAFF)
            MembershipFactory(body=body, person=person)
            MeetingFactory(body=body, days_ahead=30)
            past = MeetingFactory(body=body, days_ahead=-30)
            MinutesFactory(meeting=past, status=MinutesStatus.APPROVED)
            DecisionFactory(meeting=past)
            ActionItemFactory(body=body, owner=person, due_date=past.start.date() + dt.timedelta(days=10))

    return add


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["body", "section"])
def test_the_pages_queries_do_not_grow_with_the_body(client_staff, body, add_data, which):
    url = body.url if which == "body" else GovernanceIndexPage.objects.get().url
    add_data(1)
    queries_of(client_staff, url)  # the first request creates the network's settings and fills the caches
    at_1x = queries_of(client_staff, url)
    add_data(9)
    at_10x = queries_of(client_staff, url)
    assert at_10x <= at_1x <= QUERY_BUDGET  # never more with ten times the data (a warm cache may save one)
