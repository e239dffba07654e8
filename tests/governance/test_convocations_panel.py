"""« My next meetings » on the dashboard: the upcoming meetings of the bodies a person sits on, with
their own answer or a call to answer, and nothing of the other bodies."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from governance.models import AnswerResponse, MeetingStatus, ReadingRule
from governance.services.convocations import answer_record
from governance.wagtail_hooks import my_next_meetings_panel
from intranet.models import User
from tests.calendar_sync.helpers import soup

from .factories import BodyFactory, MeetingFactory


def panel_of(client):
    return soup(client.get("/")).select_one(".panel--next_meetings")


def test_the_panel_shows_my_answer_or_asks_for_it(staff_user, client_staff, body, join, meeting):
    join(body, staff_user.person)
    later = MeetingFactory(body=body, title="COTECH d'été", days_ahead=60)
    answer_record(meeting=later, person=staff_user.person, response=AnswerResponse.EXCUSED)

    items = [item.get_text(" ", strip=True) for item in panel_of(client_staff).select("li")]
    assert items[0].startswith("COTECH de printemps") and "Pas encore répondu" in items[0]
    assert items[1].startswith("COTECH d'été") and "Ma réponse : Excusé·e" in items[1]
    links = [a["href"] for a in panel_of(client_staff).select("a")]
    assert reverse("governance:answer", args=[meeting.pk]) in links


def test_the_panel_names_whom_i_gave_my_proxy_to(staff_user, client_staff, body, join, meeting, member):
    from intranet.roles import Role

    holder = member(Role.REFERENTS, first_name="Maëlle", last_name="Riou")
    join(body, staff_user.person)
    join(body, holder)
    answer_record(meeting=meeting, person=staff_user.person, response=AnswerResponse.PROXY, proxy_to=holder)

    assert "Donne pouvoir (à Maëlle Riou)" in panel_of(client_staff).get_text(" ", strip=True)


def test_the_panel_leaves_out_cancelled_past_and_other_bodies_meetings(staff_user, client_staff, body, join, clock):
    join(body, staff_user.person)
    MeetingFactory(body=body, title="Réunion annulée", status=MeetingStatus.CANCELLED)
    start = clock.now() - dt.timedelta(days=3)
    MeetingFactory(body=body, title="Réunion passée", start=start, end=start + dt.timedelta(hours=2))
    MeetingFactory(body=BodyFactory(title="Groupe Numérique", reading_rule=ReadingRule.NETWORK),
                   title="Réunion d'un autre groupe")

    assert panel_of(client_staff) is None  # nothing to show: no panel


def test_a_former_member_no_longer_sees_the_bodys_meetings(staff_user, client_staff, body, join, meeting, clock):
    join(body, staff_user.person, since=clock.today() - dt.timedelta(days=90),
         until=clock.today() - dt.timedelta(days=1))
    assert panel_of(client_staff) is None


@pytest.mark.parametrize("scale", [1, 10])
def test_the_panel_queries_do_not_grow_with_meetings(staff_user, make_body, join, scale,
                                                     django_assert_max_num_queries):
    for index in range(3 * scale):
        body = make_body()
        join(body, staff_user.person)
        for days in (10, 20):
            meeting = MeetingFactory(body=body, days_ahead=days + index)
            answer_record(meeting=meeting, person=staff_user.person, response=AnswerResponse.ATTENDING)
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=staff_user.pk)  # a fresh request: nothing read yet
    with django_assert_max_num_queries(4):  # the person, their roles, the meetings, their answers
        context = my_next_meetings_panel(request)
    assert len(context["meetings"]) == 5  # the panel shows the next five
