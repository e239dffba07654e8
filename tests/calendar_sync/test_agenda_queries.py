"""The agenda's pages run as many queries with ten times the events, meetings, bookings and
training sessions as with one, within the budget of 25."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from calendar_sync.models import AgendaEvent
from intranet.roles import Role
from tests.accounts import logged_in
from tests.html import texts
from tutorials.models import Enrolment, StepKind, StepProgress

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory, RoomFactory

PARIS = ZoneInfo("Europe/Paris")
QUERY_BUDGET = 25


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def grow(member, library):
    """grow(scale): events of every source in March 2026, `scale` times a base."""
    from tests.governance.factories import BodyFactory, MeetingFactory, MembershipFactory
    from tests.tutorials.factories import PathFactory

    viewer = member(Role.STAFF, first_name="Katell", library=library)
    calendars = [NetworkCalendarFactory(name=f"Agenda {n}", audience=("network", "staff")[n % 2]) for n in range(3)]
    body = BodyFactory(title="COTECH", kind="technical", reading_rule="staff")
    MembershipFactory(body=body, person=viewer)
    room = RoomFactory(name="Salle", library=library)
    path = PathFactory(title="Accueillir")
    step = path.steps.get(kind=StepKind.SESSION)
    state = {"n": 0}

    def make(scale: int):
        for _ in range(scale):
            n = state["n"] = state["n"] + 1
            day = 2 + n % 27
            for index, calendar in enumerate(calendars):
                AgendaEventFactory(calendar=calendar, title=f"Événement {n}-{index}",
                                   start=paris(2026, 3, day, 9 + index), library=library if index == 0 else None)
            AgendaEventFactory(calendar=calendars[0], title=f"Hebdo {n}", start=paris(2026, 3, 2, 14),
                               rrule="FREQ=WEEKLY;COUNT=6")
            MeetingFactory(body=body, title=f"Réunion {n}", start=paris(2026, 3, day, 14), end=paris(2026, 3, day, 15))
            BookingFactory(room=room, organizer=viewer, title=f"Réservation {n}",
                           start=paris(2026, 3, day, 16, n % 4 * 15), end=paris(2026, 3, day, 16, n % 4 * 15 + 10))
            other = member(Role.VOLUNTEERS, first_name=f"Apprenant {n}", library=library)
            enrolment = Enrolment.objects.create(person=other, path=path, mentor=viewer, enrolled_at=timezone.now())
            session = BookingFactory(room=room, organizer=viewer, title=f"Session {n}",
                                     start=paris(2026, 3, day, 18), end=paris(2026, 3, day, 18, 10 + n % 40))
            StepProgress.objects.create(enrolment=enrolment, step=step, booking=session)
        return viewer

    return make


PAGES = {
    "month": "/agenda/?month=2026-03",
    "month_with_bookings": "/agenda/?month=2026-03&filtered=1&source=network_events&source=governance_meetings"
                           "&source=training_sessions&source=room_bookings&library=Plouvenec",
    "week": "/agenda/semaine/?date=2026-03-17",
    "list": "/agenda/liste/?from=2026-03-02&weeks=4",
    "event": None,
}


def measure(client, url):
    # Warm what a running server keeps (per-process caches; the session's first save after login).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("screen", PAGES)
def test_agenda_pages_run_as_many_queries_at_10x_as_at_1x(grow, screen, django_assert_max_num_queries):
    viewer = grow(1)
    client = logged_in(viewer.user)
    url = PAGES[screen] or AgendaEvent.objects.filter(rrule="").first().get_absolute_url()
    at_1x, small = measure(client, url)
    grow(9)
    at_10x, large = measure(client, url)

    assert at_10x == at_1x <= QUERY_BUDGET
    if screen != "event":
        assert len(texts(large.content, ".agenda-event")) > len(texts(small.content, ".agenda-event"))
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(url)


@pytest.mark.parametrize("scale", [1, 10])
def test_the_coordination_forms_stay_within_the_budget(grow, account, scale, django_assert_max_num_queries):
    grow(scale)
    client = logged_in(account(Role.COORDINATION))
    event = AgendaEvent.objects.first()
    for url in ("/agenda/evenements/ajouter/", f"{event.get_absolute_url()}modifier/",
                f"{event.get_absolute_url()}annuler/", "/agenda/?month=2026-03"):
        client.get(url)
        with django_assert_max_num_queries(QUERY_BUDGET):
            assert client.get(url).status_code == 200
