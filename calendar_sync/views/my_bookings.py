"""« Mes réservations »: the viewer's upcoming bookings, or their past ones."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from intranet.selectors import person_for_user

from .. import presenters, selectors
from .common import renamed_query, render_page

BOOKINGS_PER_PAGE = 20


@renamed_query(passees="past")
def my_bookings(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    past = request.GET.get("past") == "1"
    page = rows = None
    if person is not None:
        page = Paginator(selectors.bookings_of(person, upcoming=not past), BOOKINGS_PER_PAGE).get_page(
            request.GET.get("page"))
        rows = presenters.my_booking_rows(page, viewer=request.user, now=timezone.now())
    return render_page(request, "calendar_sync/my_bookings.html", {
        "person": person, "past": past, "page_obj": page, "rows": rows, "query": "past=1" if past else "",
    }, section="my_bookings")
