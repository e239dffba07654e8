"""Training sessions as an event source of the agenda (tutorials registers it), and the dashboard's
« Cette semaine » panel merging the reader's bookings, meetings, sessions and network events."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils import timezone

from calendar_sync.hooks_agenda import this_week_panel
from calendar_sync.models import BookingStatus
from intranet.roles import Role
from tests.html import texts
from tutorials.hooks_agenda import personal_sessions, visible_sessions
from tutorials.models import Enrolment, StepKind, StepProgress

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def session(room, member, library):
    """Rozenn learns « Accueillir » with Katell as mentor; the session step is booked on Thursday 12."""
    from tests.tutorials.factories import PathFactory

    learner = member(Role.VOLUNTEERS, first_name="Rozenn", library=library)
    mentor = member(Role.STAFF, first_name="Katell", library=library)
    path = PathFactory(title="Accueillir le public")
    enrolment = Enrolment.objects.create(person=learner, path=path, mentor=mentor, enrolled_at=timezone.now())
    step = path.steps.get(kind=StepKind.SESSION)
    booking = BookingFactory(room=room, organizer=mentor, title="Atelier d'accueil", start=paris(2026, 3, 12, 10),
                             end=paris(2026, 3, 12, 12))
    StepProgress.objects.create(enrolment=enrolment, step=step, booking=booking)
    return {"learner": learner, "mentor": mentor, "booking": booking}


WEEK = (paris(2026, 3, 9), paris(2026, 3, 16))


def test_the_learner_the_mentor_and_the_coordination_see_the_session(session, account, member):
    outsider = member(Role.STAFF, first_name="Loïc")
    for user in (session["learner"].user, session["mentor"].user, account(Role.COORDINATION)):
        events = visible_sessions(user, *WEEK)
        assert [event.title for event in events] == ["Accueillir le public — Atelier d'accueil"]
        assert events[0].source == "training_sessions" and "Accueillir le public" in events[0].categories
    assert visible_sessions(outsider.user, *WEEK) == []
    assert [event.title for event in personal_sessions(session["learner"], *WEEK)] == [
        "Accueillir le public — Atelier d'accueil"]
    assert personal_sessions(outsider, *WEEK) == []


def test_a_cancelled_session_booking_is_left_out(session):
    session["booking"].status = BookingStatus.CANCELLED
    session["booking"].save()
    assert visible_sessions(session["learner"].user, *WEEK) == []


def test_the_sessions_source_runs_one_query(session, django_assert_num_queries):
    user = session["mentor"].user
    visible_sessions(user, *WEEK)  # the roles and the person are kept for the request, as a page has them
    with django_assert_num_queries(1):
        visible_sessions(user, *WEEK)


def test_the_learner_sees_the_session_in_the_agenda_named_by_its_path(session, client_as):
    response = client_as(session["learner"]).get("/agenda/semaine/?date=2026-03-12")
    labels = texts(response.content, ".agenda-event__label")
    assert "Accueillir le public — Atelier d'accueil" in texts(response.content, ".agenda-event a")
    assert "Sessions de formation · Accueillir le public" in labels


def panel(client):
    return texts(client.get("/").content, ".panel--this_week .agenda-event a")


def test_the_week_panel_merges_my_bookings_sessions_and_network_events(session, room):
    mentor = session["mentor"]
    BookingFactory(room=room, organizer=mentor, title="Réunion d'équipe", start=paris(2026, 3, 13, 9),
                   end=paris(2026, 3, 13, 10))
    BookingFactory(room=room, title="Pas la mienne", start=paris(2026, 3, 13, 11), end=paris(2026, 3, 13, 12))
    BookingFactory(room=room, organizer=mentor, title="La semaine prochaine", start=paris(2026, 3, 17, 9),
                   end=paris(2026, 3, 17, 10))
    calendar = NetworkCalendarFactory(name="Actions culturelles", audience="network")
    AgendaEventFactory(calendar=calendar, title="Concert", start=paris(2026, 3, 14, 18))
    from tests.accounts import logged_in

    client = logged_in(mentor.user)
    assert panel(client) == ["Accueillir le public — Atelier d'accueil", "Réunion d'équipe", "Concert"]
    headings = texts(client.get("/").content, ".panel--this_week h3")
    assert headings == ["jeudi 12 mars", "vendredi 13 mars", "samedi 14 mars"]


def test_the_week_panel_shows_a_change_at_once_and_costs_no_query_when_kept(session, room,
                                                                            django_assert_num_queries):
    from tests.accounts import logged_in

    mentor = session["mentor"]
    client = logged_in(mentor.user)
    panel(client)
    BookingFactory(room=room, organizer=mentor, title="Ajoutée", start=paris(2026, 3, 11, 9),
                   end=paris(2026, 3, 11, 10))
    assert "Ajoutée" in panel(client)

    request = RequestFactory().get("/")
    request.user = mentor.user
    this_week_panel(request)
    with django_assert_num_queries(0):  # the person is kept for the request, the week in the cache
        assert this_week_panel(request)["days"]


def test_someone_with_nothing_this_week_gets_no_panel(client_elected):
    assert texts(client_elected.get("/").content, ".panel--this_week") == []
