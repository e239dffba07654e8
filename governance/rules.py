"""The date rules of governance, in one place, all in Europe/Paris wall-clock time (a deadline
« seven days before » a 14:00 meeting is at 14:00 on that day, also across a daylight-saving
change).

- The proposal deadline defaults to seven days before the meeting's start.
- The notice period is counted in clear days (« jours francs »): neither the day the convocation
  is sent nor the day of the meeting counts, so with 5 clear days a meeting on Tuesday 17 must be
  convened by Wednesday 11 at the latest."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

DEFAULT_DEADLINE_DAYS = 7


def default_proposal_deadline(start: dt.datetime) -> dt.datetime:
    """Seven days before `start`, same wall-clock time in Europe/Paris."""
    local = timezone.localtime(start)
    naive = local.replace(tzinfo=None) - relativedelta(days=DEFAULT_DEADLINE_DAYS)
    return timezone.make_aware(naive)


def proposals_open(meeting, now: dt.datetime) -> bool:
    return not meeting.is_cancelled and now < meeting.proposal_deadline


def clear_days_between(sent: dt.datetime, start: dt.datetime) -> int:
    """Whole days strictly between the day of the send and the day of the meeting (local dates)."""
    return max(0, (timezone.localdate(start) - timezone.localdate(sent)).days - 1)


def within_notice(*, notice_days: int, sent: dt.datetime, start: dt.datetime) -> bool:
    """Whether a convocation sent at `sent` respects the body's notice period."""
    return clear_days_between(sent, start) >= notice_days


def latest_convocation_day(*, notice_days: int, start: dt.datetime) -> dt.date:
    """The last day a convocation may be sent for the notice period to hold."""
    return timezone.localdate(start) - dt.timedelta(days=notice_days + 1)
