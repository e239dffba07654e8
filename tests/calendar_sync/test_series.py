"""Recurring bookings: creating a series around taken dates, and editing or cancelling one
occurrence, the following ones or the whole series."""

import datetime as dt

import pytest
from dateutil.rrule import rrulestr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from calendar_sync import services
from calendar_sync.models import Booking, BookingAction, BookingLog, BookingSeries, BookingStatus, Frequency
from calendar_sync.recurrence import WEEKDAY_CODES, RecurrenceRule
from calendar_sync.services import Scope
from intranet.roles import Role

from .factories import BookingFactory
from .helpers import at, bookable_day, calendar_attachments, emails_to

WEEK = dt.timedelta(weeks=1)


def weekly(first: dt.date, count: int, start_h: int = 14, end_h: int = 15) -> RecurrenceRule:
    return RecurrenceRule(frequency=Frequency.WEEKLY, first_date=first, start_time=dt.time(start_h),
                          end_time=dt.time(end_h), count=count)


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def local_hours(booking: Booking) -> tuple[dt.time, dt.time]:
    return timezone.localtime(booking.start).time(), timezone.localtime(booking.end).time()


def reload(bookings: list[Booking]) -> list[Booking]:
    by_pk = Booking.objects.select_related("room__library", "organizer__user").in_bulk([b.pk for b in bookings])
    return [by_pk[booking.pk] for booking in bookings]


@pytest.fixture
def first_day() -> dt.date:
    return bookable_day(2)


@pytest.fixture
def taken(room, colleague, first_day):
    """The colleague's booking on the third week, overlapping 14:00–15:00."""
    day = first_day + 2 * WEEK
    return services.booking_create(room=room, organizer=colleague, title="Comité de lecture",
                                   start=at(day, 14.5), end=at(day, 16))


@pytest.fixture
def series(room, organizer, first_day) -> list[Booking]:
    """A weekly workshop on four weeks, 14:00–15:00, in start order."""
    result = services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                            rule=weekly(first_day, 4))
    return result.bookings


# --- Creating --------------------------------------------------------------------------------------


def test_series_books_the_free_dates_and_skips_the_taken_one(room, organizer, first_day, taken):
    result = services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                            rule=weekly(first_day, 5))

    assert [local_day(b.start) for b in result.bookings] == [first_day + n * WEEK for n in (0, 1, 3, 4)]
    assert [local_day(line.start) for line in result.skipped] == [first_day + 2 * WEEK]
    assert result.skipped[0].blocking == taken


def test_occurrences_of_a_series_share_it(room, organizer, first_day, taken):
    result = services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                            rule=weekly(first_day, 5))

    created = Booking.objects.filter(title="Atelier hebdomadaire")
    assert created.count() == 4
    assert set(created.values_list("series", flat=True)) == {result.series.pk}
    assert result.series.rrule == f"FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY={WEEKDAY_CODES[first_day.weekday()]};COUNT=5"


def test_the_stored_rrule_gives_back_every_date_of_the_series(room, organizer, first_day, taken):
    # From its first occurrence, the rule gives the booked dates and the skipped one (a feed will
    # publish that one as an EXDATE).
    result = services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                            rule=weekly(first_day, 5))

    series = BookingSeries.objects.get()
    read_back = list(rrulestr(series.rrule, dtstart=at(series.first_date, 14)))
    assert read_back == sorted([b.start for b in result.bookings] + [line.start for line in result.skipped])
    assert [timezone.localtime(start).time() for start in read_back] == [dt.time(14)] * 5


def test_series_refused_on_a_taken_date_when_asked_not_to_skip(room, organizer, first_day, taken):
    with pytest.raises(services.SeriesConflict) as raised:
        services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                       rule=weekly(first_day, 5), skip_conflicts=False)

    assert [blocking for _start, _end, blocking in raised.value.conflicts] == [taken]
    assert list(Booking.objects.all()) == [taken]
    assert not BookingSeries.objects.exists()


def test_preview_lists_each_date_with_the_booking_in_its_way(room, organizer, first_day, taken):
    lines = services.series_preview(room=room, organizer=organizer, rule=weekly(first_day, 5))

    assert [local_day(line.start) for line in lines] == [first_day + n * WEEK for n in range(5)]
    assert [line.blocking for line in lines] == [None, None, taken, None, None]
    assert [line.free for line in lines] == [True, True, False, True, True]


def test_series_with_a_date_that_breaks_a_rule_is_refused(room, organizer):
    # Every day for a week: one of the dates is a Sunday, when no room opens.
    daily = RecurrenceRule(frequency=Frequency.DAILY, first_date=bookable_day(1), start_time=dt.time(10),
                           end_time=dt.time(11), count=7)

    with pytest.raises(services.BookingRefused):
        services.booking_series_create(room=room, organizer=organizer, title="Permanence", rule=daily)

    assert not Booking.objects.exists()
    assert not BookingSeries.objects.exists()


def test_series_whose_number_of_dates_reaches_past_a_year_is_refused_on_that_number(room, organizer, first_day):
    with pytest.raises(services.BookingRefused) as raised:
        services.booking_series_create(room=room, organizer=organizer, title="Atelier hebdomadaire",
                                       rule=weekly(first_day, 60))

    assert raised.value.field == "count"
    assert raised.value.message == _(
        "%(count)d dates would take the series to %(last)s, more than a year after its first date: "
        "give fewer dates.") % {"count": 60, "last": date_format(first_day + 59 * WEEK, "j F Y")}
    assert not Booking.objects.exists()
    assert not BookingSeries.objects.exists()


def test_series_in_a_room_under_approval_is_requested(approval_room, organizer, first_day):
    result = services.booking_series_create(room=approval_room, organizer=organizer, title="Conférences",
                                            rule=weekly(first_day, 3))

    assert {booking.status for booking in reload(result.bookings)} == {BookingStatus.PENDING}


# --- Editing ---------------------------------------------------------------------------------------


def test_moving_one_occurrence_marks_it_as_changed_on_its_own(series, organizer):
    second = reload(series)[1]
    day = local_day(second.start)

    [moved] = services.booking_update(booking=second, by=organizer, scope=Scope.THIS,
                                      start=at(day, 16), end=at(day, 17))

    assert moved.is_exception
    after = reload(series)
    assert [local_hours(b) for b in after] == [(dt.time(14), dt.time(15)), (dt.time(16), dt.time(17)),
                                               (dt.time(14), dt.time(15)), (dt.time(14), dt.time(15))]
    assert [b.is_exception for b in after] == [False, True, False, False]


def move_second_to_16h(series, organizer):
    second = reload(series)[1]
    day = local_day(second.start)
    services.booking_update(booking=second, by=organizer, scope=Scope.THIS, start=at(day, 16), end=at(day, 17))


def test_editing_the_whole_series_keeps_the_occurrence_changed_on_its_own(series, organizer):
    move_second_to_16h(series, organizer)
    first = reload(series)[0]

    services.booking_update(booking=first, by=organizer, scope=Scope.ALL, title="Atelier du jeudi",
                            start=at(local_day(first.start), 10), end=at(local_day(first.start), 11))

    after = reload(series)
    assert [local_day(b.start) for b in after] == [local_day(b.start) for b in series]
    assert [local_hours(b) for b in after] == [(dt.time(10), dt.time(11)), (dt.time(16), dt.time(17)),
                                               (dt.time(10), dt.time(11)), (dt.time(10), dt.time(11))]
    assert [b.title for b in after] == ["Atelier du jeudi", "Atelier hebdomadaire", "Atelier du jeudi",
                                        "Atelier du jeudi"]


def test_editing_the_whole_series_changes_its_rule(series, organizer):
    first = reload(series)[0]

    services.booking_update(booking=first, by=organizer, scope=Scope.ALL, title="Atelier du jeudi",
                            start=at(local_day(first.start), 10), end=at(local_day(first.start), 11))

    rule = BookingSeries.objects.get()
    assert (rule.title, rule.start_time, rule.end_time) == ("Atelier du jeudi", dt.time(10), dt.time(11))


def test_editing_from_the_changed_occurrence_includes_it(series, organizer):
    move_second_to_16h(series, organizer)
    second = reload(series)[1]

    services.booking_update(booking=second, by=organizer, scope=Scope.ALL, title="Atelier du jeudi")

    assert [b.title for b in reload(series)] == ["Atelier du jeudi"] * 4


def test_editing_this_and_following_leaves_the_earlier_occurrences(series, organizer):
    third = reload(series)[2]

    services.booking_update(booking=third, by=organizer, scope=Scope.FOLLOWING,
                            start=at(local_day(third.start), 9), end=at(local_day(third.start), 10))

    assert [local_hours(b)[0] for b in reload(series)] == [dt.time(14), dt.time(14), dt.time(9), dt.time(9)]


def test_editing_the_series_onto_a_taken_slot_is_refused_and_changes_nothing(series, room, organizer,
                                                                             colleague):
    fourth_day = local_day(series[3].start)
    blocking = services.booking_create(room=room, organizer=colleague, title="Comité de lecture",
                                       start=at(fourth_day, 10), end=at(fourth_day, 12))
    first = reload(series)[0]

    with pytest.raises(services.SeriesConflict) as raised:
        services.booking_update(booking=first, by=organizer, scope=Scope.ALL,
                                start=at(local_day(first.start), 10), end=at(local_day(first.start), 11))

    assert [b for _start, _end, b in raised.value.conflicts] == [blocking]
    assert {local_hours(b) for b in reload(series)} == {(dt.time(14), dt.time(15))}


def test_editing_the_whole_series_leaves_past_occurrences_as_they_happened(room, organizer):
    # A series that started two weeks ago: its past dates were held and must stay as they were.
    day = bookable_day(1)
    rule = BookingSeries.objects.create(room=room, organizer=organizer, title="Club ados",
                                        rrule="FREQ=WEEKLY;COUNT=4", first_date=day - 2 * WEEK,
                                        start_time=dt.time(14), end_time=dt.time(15))
    bookings = [BookingFactory(room=room, organizer=organizer, series=rule, title="Club ados",
                               start=at(day + n * WEEK, 14), end=at(day + n * WEEK, 15)) for n in (-2, -1, 0, 1)]
    upcoming = reload(bookings)[2]

    services.booking_update(booking=upcoming, by=organizer, scope=Scope.ALL, start=at(day, 16), end=at(day, 17))

    after = reload(bookings)
    assert [local_hours(b)[0] for b in after] == [dt.time(14), dt.time(14), dt.time(16), dt.time(16)]
    assert [b.sequence for b in after] == [0, 0, 1, 1]


def test_each_change_raises_the_sequence_of_the_changed_occurrences(series, organizer):
    third = reload(series)[2]
    services.booking_update(booking=third, by=organizer, scope=Scope.FOLLOWING, title="Atelier avancé")
    assert [b.sequence for b in reload(series)] == [0, 0, 1, 1]

    services.booking_cancel(booking=reload(series)[0], by=organizer, scope=Scope.ALL)

    assert [b.sequence for b in reload(series)] == [1, 1, 2, 2]


# --- Cancelling ------------------------------------------------------------------------------------


def statuses(bookings: list[Booking]) -> list[str]:
    return [booking.status for booking in reload(bookings)]


C, X = BookingStatus.CONFIRMED, BookingStatus.CANCELLED


def test_cancelling_one_occurrence_leaves_the_others(series, organizer):
    services.booking_cancel(booking=reload(series)[1], by=organizer, scope=Scope.THIS)

    assert statuses(series) == [C, X, C, C]


def test_cancelling_an_occurrence_frees_its_date_for_others(series, room, organizer, colleague):
    services.booking_cancel(booking=reload(series)[1], by=organizer, scope=Scope.THIS)

    booking = services.booking_create(room=room, organizer=colleague, title="Comité de lecture",
                                      start=series[1].start, end=series[1].end)

    assert booking.status == C


def test_cancelling_this_and_following_cancels_the_rest(series, organizer):
    services.booking_cancel(booking=reload(series)[2], by=organizer, scope=Scope.FOLLOWING)

    assert statuses(series) == [C, C, X, X]


def test_cancelling_the_whole_series_cancels_every_occurrence_even_those_changed_alone(series, organizer):
    move_second_to_16h(series, organizer)

    services.booking_cancel(booking=reload(series)[2], by=organizer, scope=Scope.ALL)

    assert statuses(series) == [X, X, X, X]


def test_someone_else_cannot_cancel_a_series(series, colleague):
    with pytest.raises(services.BookingForbidden):
        services.booking_cancel(booking=reload(series)[0], by=colleague, scope=Scope.ALL)

    assert statuses(series) == [C, C, C, C]


# --- Deciding a whole series -----------------------------------------------------------------------
# A series in a room under approval asks for one decision per date; the approver may also take one
# decision for every date of it still awaiting one.

P, R = BookingStatus.PENDING, BookingStatus.REJECTED


@pytest.fixture
def requested(approval_room, organizer, first_day) -> list[Booking]:
    """Four weekly conferences awaiting approval, in start order."""
    return services.booking_series_create(room=approval_room, organizer=organizer, title="Conférences",
                                          rule=weekly(first_day, 4)).bookings


def test_approving_the_whole_series_confirms_every_date_and_sends_one_email(requested, approver, organizer,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.booking_series_approve(booking=reload(requested)[1], by=approver)

    assert [b.pk for b in approved] == [b.pk for b in requested]
    assert statuses(requested) == [C, C, C, C]
    assert [b.sequence for b in reload(requested)] == [1, 1, 1, 1]
    [message] = emails_to(organizer.user.email)
    assert all(date_format(timezone.localtime(b.start), "l j F Y") in message.body for b in requested)
    assert len(calendar_attachments(message)) == 4
    assert {(entry.action, entry.by) for b in requested for entry in b.log_entries.exclude(action="created")} == {
        (BookingAction.APPROVED, approver)}


def test_approving_the_whole_series_leaves_the_dates_already_decided(requested, approver, organizer):
    services.booking_cancel(booking=reload(requested)[0], by=organizer)
    services.booking_reject(booking=reload(requested)[2], by=approver, reason="Salle prise par le conseil.")

    approved = services.booking_series_approve(booking=reload(requested)[1], by=approver)

    assert len(approved) == 2
    assert statuses(requested) == [X, C, R, C]


def test_approving_the_whole_series_leaves_its_past_dates_and_other_requests(approval_room, organizer, approver,
                                                                             first_day, requested):
    other = services.booking_series_create(room=approval_room, organizer=organizer, title="Ateliers",
                                           rule=weekly(first_day, 2, start_h=16, end_h=17)).bookings
    series = reload(requested)[0].series
    past = BookingFactory(room=approval_room, organizer=organizer, series=series, title="Conférences",
                          status=P, start=at(first_day - 3 * WEEK, 14), end=at(first_day - 3 * WEEK, 15))

    services.booking_series_approve(booking=reload(requested)[0], by=approver)

    assert statuses([past, *other]) == [P, P, P]


def test_rejecting_the_whole_series_rejects_every_date_with_one_reason_and_one_email(
        requested, approver, organizer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_series_reject(booking=reload(requested)[0], by=approver,
                                       reason="L'auditorium est en travaux ce trimestre.")

    assert statuses(requested) == [R, R, R, R]
    assert {b.decision_reason for b in reload(requested)} == {"L'auditorium est en travaux ce trimestre."}
    [message] = emails_to(organizer.user.email)
    assert "L'auditorium est en travaux ce trimestre." in message.body
    assert all(date_format(timezone.localtime(b.start), "l j F Y") in message.body for b in requested)
    assert {entry.details for b in requested for entry in b.log_entries.filter(action=BookingAction.REJECTED)} == {
        "L'auditorium est en travaux ce trimestre."}


def test_rejecting_the_whole_series_needs_a_reason_and_changes_nothing(requested, approver, organizer,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.BookingRefused) as raised:
        services.booking_series_reject(booking=reload(requested)[0], by=approver, reason=" \u200b ")

    assert raised.value.field == "reason"
    assert raised.value.message == _("Say why the request is rejected.")
    assert statuses(requested) == [P, P, P, P]
    assert emails_to(organizer.user.email) == []


@pytest.mark.parametrize("decide", [
    lambda booking, by: services.booking_series_approve(booking=booking, by=by),
    lambda booking, by: services.booking_series_reject(booking=booking, by=by, reason="Non."),
], ids=["approve", "reject"])
@pytest.mark.parametrize("who", ["organizer", "colleague", "other_referent"])
def test_only_an_approver_of_the_room_decides_the_whole_series(requested, decide, who, request, make_person,
                                                               django_capture_on_commit_callbacks):
    person = make_person(Role.REFERENTS, first_name="Erwan") if who == "other_referent" else \
        request.getfixturevalue(who)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.BookingForbidden):
        decide(reload(requested)[0], person)

    assert statuses(requested) == [P, P, P, P]
    assert not BookingLog.objects.exclude(action=BookingAction.CREATED).exists()


def test_the_coordination_decides_the_whole_series_of_any_room(requested, coordinator):
    services.booking_series_approve(booking=reload(requested)[0], by=coordinator)

    assert statuses(requested) == [C, C, C, C]


def test_a_series_with_no_date_awaiting_a_decision_is_said_so(requested, approver):
    services.booking_series_approve(booking=reload(requested)[0], by=approver)

    with pytest.raises(services.BookingNotPending):
        services.booking_series_reject(booking=reload(requested)[0], by=approver, reason="Trop tard.")

    assert statuses(requested) == [C, C, C, C]
