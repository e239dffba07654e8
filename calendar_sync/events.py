"""Event sources: what the network agenda and the calendar feeds merge besides room bookings
(governance meetings, training sessions...). `calendar_sync` never imports the apps above it: each
declares an `EventSource` in its wagtail_hooks.py under EVENT_SOURCES, read with
`intranet.hooks.registered(EVENT_SOURCES)` like every other extension point.

A source answers two questions, each at a constant number of queries and filtered by what the
reader may see: `visible(user, start, end)`, the events of the network agenda between two aware
datetimes; `personal(person, start, end)`, the events of one person's own feed (the meetings they
are convened to...)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from intranet.hooks import registered

EVENT_SOURCES = "calendar_sync_event_sources"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across changes (RFC 5545)
    title: str
    start: datetime
    end: datetime
    url: str = ""
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False
    source: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class EventSource:
    key: str
    label: Any
    visible: Callable[..., list[CalendarEvent]]  # visible(user, start, end)
    personal: Callable[..., list[CalendarEvent]]  # personal(person, start, end)
    order: int = 100


def event_sources() -> list[EventSource]:
    return registered(EVENT_SOURCES)


def visible_events(user, start: datetime, end: datetime) -> list[CalendarEvent]:
    events = [event for source in event_sources() for event in source.visible(user, start, end)]
    return sorted(events, key=lambda event: (event.start, event.title))


def personal_events(person, start: datetime, end: datetime) -> list[CalendarEvent]:
    events = [event for source in event_sources() for event in source.personal(person, start, end)]
    return sorted(events, key=lambda event: (event.start, event.title))
