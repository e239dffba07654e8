"""Training sessions in the network agenda and the personal feeds: an event source (calendar_sync's
registry, EVENT_SOURCES) whose events are the room bookings of training-session steps
(StepProgress.booking, step kind SESSION), seen by the learner and the mentor of the enrolment, and by
the coordination."""

import dataclasses

from django.db.models import Q
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from calendar_sync.events import EVENT_SOURCES, CalendarEvent, EventSource
from calendar_sync.models import ACTIVE_STATUSES
from calendar_sync.sources import booking_event
from intranet.roles import Role, has_role
from intranet.selectors import person_for_user

from .models import StepKind, StepProgress

TRAINING_SESSIONS = "training_sessions"


def _sessions_between(start, end):
    """The sessions of people still in the network (who left is in no agenda nor feed)."""
    return (StepProgress.objects.filter(step__kind=StepKind.SESSION, booking__status__in=ACTIVE_STATUSES,
                                        booking__start__lt=end, booking__end__gt=start,
                                        enrolment__person__active=True)
            .select_related("booking__room__library", "booking__organizer", "step__path")
            .order_by("booking__start", "pk"))


def session_event(progress: StepProgress, viewer) -> CalendarEvent:
    """The booking as the viewer may see it (the privacy rule of bookings), named after its path."""
    event = booking_event(progress.booking, viewer)
    path_title = progress.step.path.title
    return dataclasses.replace(event, title=f"{path_title} — {event.title}", source=TRAINING_SESSIONS,
                               categories=(gettext_now("Training session"), path_title),
                               calendar_label=path_title)


def _events(progress_rows, viewer) -> list[CalendarEvent]:
    seen, events = set(), []
    for progress in progress_rows:
        if progress.booking_id not in seen:  # one booking may serve several steps
            seen.add(progress.booking_id)
            events.append(session_event(progress, viewer))
    return events


def _of_person(person):
    return Q(enrolment__person=person) | Q(enrolment__mentor=person)


def visible_sessions(user, start, end) -> list[CalendarEvent]:
    """Coordination: every session; others: the sessions of enrolments where they learn or mentor."""
    rows = _sessions_between(start, end)
    if not has_role(user, Role.COORDINATION):
        person = person_for_user(user)
        if person is None:
            return []
        rows = rows.filter(_of_person(person))
    return _events(rows, user)


def personal_sessions(person, start, end) -> list[CalendarEvent]:
    return _events(_sessions_between(start, end).filter(_of_person(person)), person.user)


@hooks.register(EVENT_SOURCES)
def training_event_sources():
    return [EventSource(TRAINING_SESSIONS, _("Training sessions"), visible=visible_sessions,
                        personal=personal_sessions, order=25)]
