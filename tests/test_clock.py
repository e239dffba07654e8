"""The suite's frozen clock (tests/clock.py): where every test starts, and how a test moves it."""

import datetime as dt
import threading
import time

from django.utils import timezone

from tests.clock import DEFAULT_NOW, start_of_every_test, wall_clock


def test_the_default_start_is_a_tuesday_morning_in_paris():
    start = wall_clock(DEFAULT_NOW)
    assert start.weekday() == 1
    assert 8 <= start.hour < 12
    assert start.utcoffset() == dt.timedelta(hours=1)  # winter time: Europe/Paris, not UTC


def test_every_clock_of_the_test_reads_the_same_frozen_moment(clock):
    start = start_of_every_test()
    assert timezone.now() == start
    assert timezone.localtime() == start
    assert timezone.localdate() == dt.date.today() == start.date()
    assert time.time() == start.timestamp()
    assert clock.now() == start


def test_the_clock_does_not_tick(clock):
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() == before


def test_other_threads_read_the_same_clock(clock):
    # The live server of the browser tests answers from another thread.
    clock.move_to("2026-06-02 10:00")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localtime()))
    thread.start()
    thread.join()
    assert seen == [wall_clock("2026-06-02 10:00")]


def test_moving_reads_a_naive_time_as_paris_wall_clock_time(clock):
    moved = clock.move_to("2026-12-31 23:59:59")
    assert timezone.localtime() == moved
    assert moved.utcoffset() == dt.timedelta(hours=1)
    assert (moved.hour, moved.minute, moved.second) == (23, 59, 59)


def test_shifting_crosses_midnight_and_the_year(clock):
    clock.move_to("2026-12-31 23:59:59")
    clock.shift(seconds=2)
    assert timezone.localdate() == dt.date(2027, 1, 1)
    assert clock.today() == dt.date(2027, 1, 1)


def test_shifting_across_the_spring_night_skips_the_missing_hour(clock):
    # Sunday 29 March 2026, 02:00 in Paris is already 03:00 summer time.
    clock.move_to("2026-03-29 01:59")
    clock.shift(minutes=2)
    assert timezone.localtime().time() == dt.time(3, 1)
    assert timezone.localtime().utcoffset() == dt.timedelta(hours=2)


def test_shifting_across_the_autumn_night_lives_the_repeated_hour_twice(clock):
    # Sunday 25 October 2026, 03:00 summer time is 02:00 winter time again.
    clock.move_to(dt.datetime(2026, 10, 25, 2, 59, fold=0))
    clock.shift(minutes=2)
    assert timezone.localtime().time() == dt.time(2, 1)
    assert timezone.localtime().utcoffset() == dt.timedelta(hours=1)
