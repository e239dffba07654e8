"""The occupancy report of the coordination: booked over bookable hours per room and month, bookings
per library, and the same figures as CSV."""

import datetime as dt
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.exports import csv_response
from intranet.roles import Role, has_role

from .. import charts, selectors
from ..forms import OccupancyForm
from .common import cleaned_or_fallback, renamed_query, render_page

OCCUPANCY_MONTHS = 3


@renamed_query(mois="month", bibliotheque="library")
def occupancy_report(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.COORDINATION):
        raise PermissionDenied(_("The occupancy report is for the coordination."))
    this_month = timezone.localdate().replace(day=1)
    form = OccupancyForm(request.GET or None, initial={"month": this_month})
    cleaned = cleaned_or_fallback(form)
    first_month = (cleaned.get("month") or this_month).replace(day=1)
    library = cleaned.get("library")
    rows = selectors.occupancy(first_month=first_month, months=OCCUPANCY_MONTHS, library=library)
    if request.GET.get("format") == "csv":
        return _occupancy_csv(rows, first_month)
    end = first_month + relativedelta(months=OCCUPANCY_MONTHS)
    per_library = selectors.bookings_per_library(start=first_month, end=end)
    table = [{
        "room": item.room,
        "months": [{"month": month, "booked": booked, "bookable": bookable,
                    "rate": charts.percent(charts.rate_of(booked, bookable))}
                   for month, booked, bookable in item.months],
    } for item in rows]
    query = {"month": first_month.strftime("%Y-%m"), **({"library": library.slug} if library else {})}
    return render_page(request, "calendar_sync/occupancy.html", {
        "form": OccupancyForm(initial={"month": first_month, "library": library}) if form.errors else form,
        "first_month": first_month, "last_month": first_month + relativedelta(months=OCCUPANCY_MONTHS - 1),
        "library": library,
        "months": [month for month, _booked, _bookable in rows[0].months] if rows else [],
        "table": table, "chart": charts.occupancy_chart(rows),
        "per_library": per_library, "library_chart": charts.per_library_chart(per_library),
        "csv_url": "?" + urlencode({**query, "format": "csv"}),
        "previous_url": "?" + urlencode({**query, "month": (first_month - relativedelta(months=1)).strftime("%Y-%m")}),
        "next_url": "?" + urlencode({**query, "month": (first_month + relativedelta(months=1)).strftime("%Y-%m")}),
    }, section="occupancy")


def _occupancy_csv(rows: list[selectors.RoomOccupancy], first_month: dt.date) -> HttpResponse:
    return csv_response(
        filename=f"occupation-salles-{first_month:%Y-%m}.csv",
        header=[_("Room"), _("Library"), _("Month"), _("Booked hours"), _("Bookable hours"), _("Rate (%)")],
        rows=([item.room.name, item.room.library.name, f"{month:%Y-%m}", f"{booked:.1f}", f"{bookable:.1f}",
               f"{charts.rate_of(booked, bookable):.1f}"]
              for item in rows for month, booked, bookable in item.months),
    )
