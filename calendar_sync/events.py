"""Event sources: what the network agenda and the calendar feeds merge besides room bookings
(governance meetings, training sessions...). `calendar_sync` never imports the apps above it: each
declares an `EventSource` in its wagtail_hooks.py under EVENT_SOURCES, read with
`intranet.hooks.registered(EVENT_SOURCES)` like every other extension point.

A source answers two questions, each at a constant number of queries and filtered by what the
reader may see: `visible(user, start, end)`, the events of the network agenda between two aware
datetimes; `personal(person, start, end)`, the events of one person's own feed (the meetings they
are convened to...). Both give recurring events as one master with its rule (and its changed
occurrences as overrides) when one of their occurrences may meet the period: the agenda expands
them (calendar_sync.expansion), a feed publishes them as they are.

calendar_sync registers its own sources the same way (the network calendars' events, room
bookings). An `optional` source is left out of the agenda unless the reader asks for it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from intranet.hooks import registered

EVENT_SOURCES = "calendar_sync_event_sources"


@dataclass(frozen=True)
class CalendarEvent:
    """One event as the agenda shows it and a feed publishes it (calendar_sync.feeds writes it).

    A recurring event is one CalendarEvent holding its rule (`rrule`, with `exdates` and `rdates`:
    aware starts), read from `start`; an occurrence changed on its own is another CalendarEvent with
    the same `uid` and the start it replaces as `recurrence_id`. calendar_sync.expansion turns
    them into the occurrences of a period. A source that has no recurrence leaves them empty."""

    uid: str  # stable across changes (RFC 5545)
    title: str
    start: datetime
    end: datetime  # exclusive; for an all-day event, the local midnight after its last day
    url: str = ""
    location: str = ""
    description: str = ""  # plain text (feeds) — HTML is cleaned and flattened by the source
    sequence: int = 0
    cancelled: bool = False
    source: str = ""  # the EventSource key
    categories: tuple[str, ...] = field(default_factory=tuple)
    all_day: bool = False
    tentative: bool = False  # awaiting approval (STATUS:TENTATIVE)
    private: bool = False  # CLASS:PRIVATE: the title is already what the reader may see
    rrule: str = ""
    exdates: tuple[datetime, ...] = field(default_factory=tuple)
    rdates: tuple[datetime, ...] = field(default_factory=tuple)
    recurrence_id: datetime | None = None
    last_modified: datetime | None = None
    created: datetime | None = None
    colour: str = ""  # "#rrggbb" of its calendar or room; the agenda also writes its label in full
    calendar_label: str = ""  # which calendar, room or body it belongs to, in words
    library_id: int | None = None  # for the agenda's filter by library

    @property
    def status(self) -> str:
        """The RFC 5545 STATUS."""
        return "CANCELLED" if self.cancelled else "TENTATIVE" if self.tentative else "CONFIRMED"

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule or self.rdates)


@dataclass(frozen=True)
class EventSource:
    key: str
    label: Any
    visible: Callable[..., list[CalendarEvent]]  # visible(user, start, end)
    personal: Callable[..., list[CalendarEvent]]  # personal(person, start, end)
    order: int = 100
    optional: bool = False


def event_sources() -> list[EventSource]:
    return registered(EVENT_SOURCES)


def visible_events(user, start: datetime, end: datetime) -> list[CalendarEvent]:
    events = [event for source in event_sources() for event in source.visible(user, start, end)]
    return sorted(events, key=lambda event: (event.start, event.title))


def personal_events(person, start: datetime, end: datetime) -> list[CalendarEvent]:
    events = [event for source in event_sources() for event in source.personal(person, start, end)]
    return sorted(events, key=lambda event: (event.start, event.title))
