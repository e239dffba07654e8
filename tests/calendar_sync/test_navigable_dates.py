"""Dates no one means (year 1500, 9999) are answered like any other date that is not understood:
the page falls back to today, this week or this month, and never overflows datetime (a 500)."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from .helpers import logged_in, page_messages


@pytest.mark.parametrize("far", ["1500-01-01", "9999-12-31"])
def test_the_day_view_of_a_year_no_one_means_shows_today_and_says_so(room, organizer, far):
    response = logged_in(organizer).get(f"/salles/jour/?date={far}")

    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()
    assert page_messages(response) == [_("This date was not understood: here is today.")]


@pytest.mark.parametrize("far", ["1500-01", "9999-12"])
def test_the_occupancy_report_of_a_year_no_one_means_shows_this_month(room, coordinator, far):
    response = logged_in(coordinator).get(f"/salles/occupation/?month={far}")

    assert response.status_code == 200
    assert response.context["first_month"] == timezone.localdate().replace(day=1)


def test_the_occupancy_report_steps_month_by_month_across_the_new_year(room, coordinator):
    response = logged_in(coordinator).get("/salles/occupation/?month=2027-12")

    assert (response.context["first_month"], response.context["last_month"]) == (dt.date(2027, 12, 1),
                                                                                  dt.date(2028, 2, 1))
    assert "month=2027-11" in response.context["previous_url"]
    assert "month=2028-01" in response.context["next_url"]


def test_a_booking_link_to_a_year_no_one_means_leaves_the_form_empty(room, organizer):
    response = logged_in(organizer).get(f"/salles/{room.slug}/reserver/?start=9999-12-31T10:00&end=9999-12-31T11:00")

    assert response.status_code == 200
    assert response.context["form"].initial == {}
