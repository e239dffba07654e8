"""The network agenda: one event's page (the family of the agenda adds the month, week and list
views, filters and the editing of events)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _

from ..models import AgendaEvent
from ..permissions import calendars_readable_by, can_edit_calendar
from .agenda_common import render_agenda_page


def event_or_404(user, pk: int) -> AgendaEvent:
    """An event of a calendar the user may read; any other answers 404 (as if it did not exist)."""
    event = (AgendaEvent.objects.filter(pk=pk, calendar__in=calendars_readable_by(user))
             .select_related("calendar", "library", "created_by").first())
    if event is None:
        raise Http404(_("No such event."))
    return event


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request.user, pk)
    return render_agenda_page(request, "calendar_sync/agenda/event_detail.html", {
        "event": event, "can_edit": can_edit_calendar(request.user, event.calendar)}, section="agenda")


def month(request: HttpRequest) -> HttpResponse:
    """(the agenda family writes the month view; until then the page lists nothing)"""
    return render_agenda_page(request, "calendar_sync/agenda/event_detail.html", {"event": None}, section="agenda")


urlpatterns = [
    path("", month, name="month"),
    path("evenements/<int:pk>/", event_detail, name="event"),
]
