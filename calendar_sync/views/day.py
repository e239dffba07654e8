"""The rooms of a day, one timeline per room, for the network or one library."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.roles import STAFF_ROLES, has_role

from .. import presenters, selectors
from ..forms import DayForm
from .common import cleaned_or_fallback, renamed_query, render_page


@renamed_query(bibliotheque="library")
def day(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = DayForm(request.GET or None, initial={"date": today})
    cleaned = cleaned_or_fallback(form)
    the_day = cleaned.get("date") or today
    library = cleaned.get("library")
    # A bad date or library in a link falls back to today / the whole network, and says so.
    if "date" in form.errors:
        messages.warning(request, _("This date was not understood: here is today."))
    if "library" in form.errors:
        messages.warning(request, _("Unknown library: here is the whole network."))
    rooms_of_day, by_room = selectors.day_view(day=the_day, library=library)
    # Booking pages are linked for staff only here: checking each room's groups would cost a query
    # per room (day_view does not prefetch them).
    timelines = presenters.day_timelines(the_day, rooms_of_day, by_room, viewer=request.user,
                                         link_bookings=has_role(request.user, *STAFF_ROLES))
    query = {"library": library.slug} if library else {}
    return render_page(request, "calendar_sync/day.html", {
        "form": DayForm(initial={"date": the_day, "library": library}) if form.errors else form,
        "day": the_day, "rows": timelines.rows, "hours": timelines.hours, "library": library,
        "is_today": the_day == today,
        "previous_url": "?" + urlencode({"date": (the_day - dt.timedelta(days=1)).isoformat(), **query}),
        "next_url": "?" + urlencode({"date": (the_day + dt.timedelta(days=1)).isoformat(), **query}),
        "today_url": "?" + urlencode({"date": today.isoformat(), **query}),
    }, section="day")
