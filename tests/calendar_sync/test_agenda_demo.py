"""The agenda's demo data (seed_demo, order 70): four calendars, a few months of events around today,
recurring ones included, seen by each demo account as their role allows."""

import datetime as dt

import pytest
from django.utils import timezone

from calendar_sync.agenda.demo import seed_agenda
from calendar_sync.models import AgendaEvent, NetworkCalendar
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import User
from intranet.roles import Role
from tests.accounts import logged_in
from tests.html import texts


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoAgenda:
    def test_the_four_calendars_with_their_audiences(self, demo_network):
        assert dict(NetworkCalendar.objects.values_list("name", "audience")) == {
            "Actions culturelles": "network", "Formations": "staff", "Navettes documentaires": "staff",
            "Fermetures": "network"}

    def test_events_around_today_with_a_shuttle_that_skips_a_week_and_moves_one(self, demo_network):
        today = timezone.localdate()
        events = AgendaEvent.objects.all()
        assert events.filter(start__date__lt=today).exists() and events.filter(start__date__gt=today).exists()
        shuttle = events.get(calendar__slug="navettes-documentaires", recurrence_id__isnull=True)
        assert shuttle.rrule.startswith("FREQ=WEEKLY") and len(shuttle.exdates) == 1
        assert shuttle.repeats_until is not None
        moved = events.get(uid=shuttle.uid, recurrence_id__isnull=False)
        assert timezone.localtime(moved.start).weekday() == 2  # Wednesday instead of Tuesday
        holidays = events.filter(calendar__slug="fermetures")
        assert holidays.count() >= 11 and all(event.all_day for event in holidays)

    def test_seeding_again_adds_nothing(self, demo_network):
        before = AgendaEvent.objects.count()
        assert seed_agenda(scale=1)["agenda events"] == 0
        assert AgendaEvent.objects.count() == before

    def test_the_elected_account_sees_network_calendars_not_the_staff_ones(self, demo_network):
        month = f"{timezone.localdate() + dt.timedelta(days=21):%Y-%m}"
        elected = logged_in(User.objects.get(email=DEMO_ACCOUNTS[Role.ELECTED]))
        staff = logged_in(User.objects.get(email=DEMO_ACCOUNTS[Role.STAFF]))

        elected_labels = set(texts(elected.get(f"/agenda/?month={month}").content, ".agenda-event__label"))
        staff_labels = set(texts(staff.get(f"/agenda/?month={month}").content, ".agenda-event__label"))

        assert "Actions culturelles" in elected_labels and "Navettes documentaires" not in elected_labels
        assert {"Actions culturelles", "Navettes documentaires", "Formations"} <= staff_labels
