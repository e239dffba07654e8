"""The suite's clock: every test runs at the same "now", a Tuesday morning in the network's zone,
so "today", "tomorrow" and "this week" are the same in a test's set-up and in its assertions, and
the same from one run to the next.

`INTRANET_TEST_NOW=2026-12-31T23:59:59 pytest ...` starts every test at another wall-clock time
of Europe/Paris instead (the last second of the year, a Sunday evening...), to show the tests
that only pass on an ordinary weekday. A test that needs another time asks for the `clock`
fixture and moves it: `clock.move_to("2026-03-29 01:59")`, `clock.shift(minutes=2)`.

The clock does not tick: time-machine freezes every clock Python reads (`time.time`,
`datetime.now`, Django's `timezone.now`) in every thread, the live server of the browser tests
included, and leaves the monotonic clocks that timeouts use alone.
"""

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

ENV_VAR = "INTRANET_TEST_NOW"
DEFAULT_NOW = "2026-03-10T09:00:00"  # a Tuesday, the rooms open, an ordinary week of March


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def wall_clock(when: str | dt.datetime | dt.date) -> dt.datetime:
    """An aware datetime in the network's zone: a naive time (or an ISO string without offset) is
    read as a wall-clock time of Europe/Paris, a date as its midnight."""
    if isinstance(when, str):
        when = dt.datetime.fromisoformat(when)
    elif not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time())
    if when.tzinfo is None:
        return when.replace(tzinfo=local_zone())
    return when.astimezone(local_zone())


def start_of_every_test() -> dt.datetime:
    """Where each test's clock starts: INTRANET_TEST_NOW if set, else the fixed Tuesday morning."""
    return wall_clock(os.environ.get(ENV_VAR, "").strip() or DEFAULT_NOW)


class Clock:
    """The frozen "now" of one test, which the test may move."""

    def __init__(self, traveller: time_machine.Traveller):
        self._traveller = traveller

    def move_to(self, when: str | dt.datetime | dt.date) -> dt.datetime:
        """Set "now" (a naive time is Europe/Paris wall-clock time); returns it."""
        destination = wall_clock(when)
        self._traveller.move_to(destination)
        return destination

    def shift(self, delta: dt.timedelta | None = None, **parts: float) -> dt.datetime:
        """Move "now" by an exact duration: shift(minutes=2), shift(dt.timedelta(days=1)); returns it."""
        self._traveller.shift(delta if delta is not None else dt.timedelta(**parts))
        return self.now()

    def now(self) -> dt.datetime:
        return dt.datetime.now(local_zone())

    def today(self) -> dt.date:
        return self.now().date()


@contextlib.contextmanager
def frozen_clock() -> Iterator[Clock]:
    """The clock of one test, frozen where every test starts until the test ends."""
    with time_machine.travel(start_of_every_test(), tick=False) as traveller:
        yield Clock(traveller)
