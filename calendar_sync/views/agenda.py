"""The network agenda: month, week and list views merging every event source the reader may see
(calendar_sync.agenda.selectors), one event's page, and the coordination's pages to add, change and
cancel an event (calendar_sync.agenda.services)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from intranet.errors import NotAllowed, Refused

from ..agenda import selectors, services
from ..agenda.forms import AgendaEventForm, AgendaFilterForm
from ..events import CalendarEvent
from ..expansion import occurrence_starts
from ..forms import is_navigable
from ..models import AgendaEvent
from ..permissions import calendars_readable_by, can_edit_calendar
from ..sources import agenda_event
from .agenda_common import render_agenda_page

# An event's page lists this many of its next occurrences.
NEXT_OCCURRENCES_SHOWN = 10


def event_or_404(user, pk: int) -> AgendaEvent:
    """An event of a calendar the user may read; any other answers 404 (as if it did not exist)."""
    event = (AgendaEvent.objects.filter(pk=pk, calendar__in=calendars_readable_by(user))
             .select_related("calendar", "library", "created_by").first())
    if event is None:
        raise Http404(_("No such event."))
    return event


def _parse_date(value: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if is_navigable(day) else default


def _parse_month(value: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return default.replace(day=1)
    return day if is_navigable(day) else default.replace(day=1)


def _filtering(request: HttpRequest) -> tuple[AgendaFilterForm, selectors.AgendaFilters, str]:
    """The filter form of the GET, the filters it means, and the query string that keeps them in the
    navigation links (without the date, each view adds its own)."""
    form = AgendaFilterForm(request.GET, calendars=selectors.readable_calendars(request.user),
                            sources=selectors.agenda_sources())
    filters = form.filters()
    form.initial_for_display()
    kept = [(name, value) for name in ("calendar", "source") for value in form.data.getlist(name)]
    if library_text := form.data.get("library"):
        kept.append(("library", library_text))
    kept.append(("filtered", "1"))
    return form, filters, urlencode(kept)


def _context(request: HttpRequest, view: str, **extra) -> dict:
    form, filters, query = _filtering(request)
    return {"filter_form": form, "filters": filters, "query": query, "view": view,
            "source_labels": {source.key: source.label for source in selectors.agenda_sources()},
            "can_add": can_edit_calendar(request.user), **extra}


def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _parse_month(request.GET.get("month"), today)
    context = _context(request, "month")
    weeks = selectors.month_grid(request.user, first, context["filters"])
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    context.update(keep=[("month", f"{first:%Y-%m}")], month=first, weeks=weeks, previous=previous,
                   following=following, today=today)
    return render_agenda_page(request, "calendar_sync/agenda/month.html", context, section="agenda")


def week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    monday = selectors.week_start(_parse_date(request.GET.get("date"), today))
    context = _context(request, "week")
    days = selectors.week_days(request.user, monday, context["filters"])
    context.update(keep=[("date", monday.isoformat())], monday=monday, sunday=monday + dt.timedelta(days=6),
                   days=days, today=today, previous=monday - dt.timedelta(days=7),
                   following=monday + dt.timedelta(days=7))
    return render_agenda_page(request, "calendar_sync/agenda/week.html", context, section="agenda")


def agenda_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    first = _parse_date(request.GET.get("from"), today)
    try:
        weeks = min(max(int(request.GET.get("weeks", selectors.LIST_WEEKS)), 1), selectors.LIST_MAX_WEEKS)
    except ValueError:
        weeks = selectors.LIST_WEEKS
    context = _context(request, "list")
    occurrences = selectors.list_occurrences(request.user, first, weeks, context["filters"])
    page = Paginator(occurrences, selectors.LIST_PER_PAGE).get_page(request.GET.get("page"))
    groups: list[tuple[dt.date, list[CalendarEvent]]] = []
    for event in page.object_list:
        day = timezone.localtime(event.start).date()
        if not groups or groups[-1][0] != day:
            groups.append((day, []))
        groups[-1][1].append(event)
    context.update(keep=[("from", first.isoformat()), ("weeks", weeks)],
                   list_query=f"{context['query']}&{urlencode({'from': first.isoformat(), 'weeks': weeks})}",
                   first=first, weeks=weeks, last=first + dt.timedelta(days=7 * weeks - 1), page_obj=page,
                   groups=groups, week_choices=[2, 4, 8, 12], today=today)
    return render_agenda_page(request, "calendar_sync/agenda/list.html", context, section="agenda")


def _occurrence_context(event: AgendaEvent, day: dt.date | None) -> dict:
    """For a recurring master: its next occurrences (from the date asked for, or today) and the one
    of that date; for a changed occurrence: its master, to link back to."""
    if event.recurrence_id is not None:
        master = AgendaEvent.objects.filter(calendar=event.calendar_id, uid=event.uid,
                                            recurrence_id__isnull=True).only("pk", "title").first()
        return {"master": master}
    if not event.is_recurring:
        return {}
    shown = agenda_event(event)
    frm = day or timezone.localdate()
    starts = occurrence_starts(shown, until=timezone.now() + dt.timedelta(days=3660),
                               limit=settings.CALENDAR_IMPORT_MAX_OCCURRENCES)
    upcoming = [start for start in starts if start.date() >= frm][:NEXT_OCCURRENCES_SHOWN]
    chosen = next((start for start in starts if start.date() == day), None) if day else None
    return {"next_starts": upcoming, "chosen_start": chosen, "chosen_end": chosen + (event.end - event.start)
            if chosen else None, "asked_day": day}


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request.user, pk)
    day = _parse_date(request.GET.get("date"), None) if request.GET.get("date") else None
    return render_agenda_page(request, "calendar_sync/agenda/event_detail.html", {
        "event": event, "can_edit": can_edit_calendar(request.user, event.calendar),
        "first_day": timezone.localtime(event.start).date(),
        "last_day": (timezone.localtime(event.end) - dt.timedelta(days=1)).date(),
        **_occurrence_context(event, day)}, section="agenda")


def _editable_calendars(user):
    return calendars_readable_by(user).order_by("name", "pk")


def _refused(form: AgendaEventForm, refusal: Refused) -> None:
    """A service's refusal on the field it names (its `end` is the form's end time, or end date)."""
    field = {"end": "end_date" if form.cleaned_data.get("all_day") else "end_time", "start": "date"}.get(
        refusal.field, refusal.field)
    form.add_error(field if field in form.fields else None, refusal.message)


def event_add(request: HttpRequest) -> HttpResponse:
    if not can_edit_calendar(request.user):
        raise NotAllowed(_("Only the coordination adds events to the network agenda."))
    day = _parse_date(request.GET.get("date"), timezone.localdate())
    form = AgendaEventForm(request.POST or None, calendars=_editable_calendars(request.user),
                           initial={"date": day, "start_time": dt.time(14), "end_time": dt.time(16)})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.agenda_event_create(by=request.user, **form.service_arguments())
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Event added: %(title)s, %(when)s.") % {
                "title": event.title, "when": date_format(timezone.localtime(event.start), "l j F Y")})
            return redirect(event.get_absolute_url())
    return render_agenda_page(request, "calendar_sync/agenda/event_form.html", {"form": form, "event": None},
                              section="agenda", status=400 if form.errors else 200)


def _editable_event(request: HttpRequest, pk: int) -> AgendaEvent:
    event = event_or_404(request.user, pk)  # 404 for what the reader may not read
    if not can_edit_calendar(request.user, event.calendar):
        raise NotAllowed(_("Only the coordination changes events of the network agenda."))
    return event


def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    if event.is_cancelled:
        messages.error(request, _("A cancelled event cannot be changed."))
        return redirect(event.get_absolute_url())
    form = AgendaEventForm(request.POST or None, calendars=_editable_calendars(request.user),
                           is_override=event.recurrence_id is not None, initial=AgendaEventForm.initial_of(event))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.agenda_event_update(by=request.user, event=event, **form.service_arguments())
        except Refused as refusal:
            _refused(form, refusal)
        else:
            messages.success(request, _("Event changed: %(title)s.") % {"title": event.title})
            return redirect(event.get_absolute_url())
    return render_agenda_page(request, "calendar_sync/agenda/event_form.html", {"form": form, "event": event},
                              section="agenda", status=400 if form.errors else 200)


def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    status = 200
    if request.method == "POST":
        try:
            services.agenda_event_cancel(by=request.user, event=event)
        except Refused as refusal:
            messages.error(request, refusal.message)
            status = 400
        else:
            messages.success(request, _("Event cancelled: %(title)s.") % {"title": event.title})
            return redirect(f"{reverse('agenda:month')}?month={timezone.localtime(event.start):%Y-%m}")
    return render_agenda_page(request, "calendar_sync/agenda/event_cancel.html", {"event": event},
                              section="agenda", status=status)


urlpatterns = [
    path("", month, name="month"),
    path("semaine/", week, name="week"),
    path("liste/", agenda_list, name="list"),
    path("evenements/ajouter/", event_add, name="event_add"),
    path("evenements/<int:pk>/", event_detail, name="event"),
    path("evenements/<int:pk>/modifier/", event_edit, name="event_edit"),
    path("evenements/<int:pk>/annuler/", event_cancel, name="event_cancel"),
]
