"""A meeting's page (its place, its agenda with computed times, the follow-up of actions), and for
who runs the body: planning, changing and cancelling a meeting, and editing its agenda. Views parse
a form, call governance.services.meetings and say what happened; a refusal is shown on the form
(400) and changes nothing."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calendar_sync.models import BookingStatus
from calendar_sync.presenters import when as when_label
from calendar_sync.selectors import week_start_of

from .. import permissions, rules
from ..errors import NotAllowed, Refused
from ..forms.meetings import AgendaItemForm, AgendaMoveForm, MeetingCancelForm, MeetingForm, slot_from
from ..models import AgendaItem, BodyPage, Meeting, MeetingStatus
from ..selectors import meetings as selectors
from ..services import meetings as services
from .common import meeting_or_404, person_or_403, render_page, status_of

RELATED = ("body", "room__library", "booking")


def minutes_label(minutes: int) -> str:
    """« 45 min », « 2 h », « 1 h 30 »."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


def _running(request: HttpRequest, meeting: Meeting):
    """The person of who runs the meeting's body, else 403."""
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the secretary, the chair of the body or Coordination can do this."))
    return person_or_403(request)


# --- the meeting's page -----------------------------------------------------------------------

def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    page = selectors.meeting_page(found)
    now = timezone.now()
    can_run = permissions.can_run(request.user, found.body)
    changeable = not found.is_cancelled and found.end > now
    agenda = page.agenda
    return render_page(request, "governance/meeting.html", {
        "meeting": found,
        "page": page,
        "agenda": agenda,
        "when": when_label(found.start, found.end),
        "length_label": minutes_label(agenda.length_minutes),
        "total_label": minutes_label(agenda.total_minutes),
        "overrun_label": minutes_label(agenda.overrun_minutes),
        "spare_label": minutes_label(agenda.spare_minutes),
        "room_week": _room_week_url(found),
        "booking_note": _booking_note(found),
        "proposals_open": rules.proposals_open(found, now),
        "can_run": can_run,
        "can_edit": can_run and changeable,
        "can_mark_held": can_run and found.status == MeetingStatus.PLANNED and found.start <= now,
        "today": timezone.localdate(),
    })


def _booking_note(meeting: Meeting) -> str:
    """What to know about the room's booking when it does not simply hold the room."""
    booking = meeting.booking
    if meeting.room is None or meeting.is_cancelled:
        return ""
    if booking is None or booking.status in (BookingStatus.CANCELLED, BookingStatus.REJECTED):
        return _("the room is no longer booked for this meeting: change its time or its room to book one again")
    if booking.status == BookingStatus.PENDING:
        return _("booking awaiting the room's approval")
    return ""


def _room_week_url(meeting: Meeting) -> str:
    if meeting.room is None:
        return ""
    return f"{meeting.room.get_absolute_url()}?week={week_start_of(timezone.localdate(meeting.start)).isoformat()}"


# --- planning and changing a meeting ----------------------------------------------------------

def _form(request: HttpRequest, body: BodyPage, *, meeting: Meeting | None = None, initial=None):
    """The meeting form: bound to what was sent, or, for « Find a room », shown again unbound with
    what was typed and the rooms found."""
    data = request.POST if request.method == "POST" else None
    lookup = data or {}
    searching = data is not None and data.get("action") == "find_room"
    keep = [meeting.room] if meeting is not None else []
    options = selectors.room_options(body, search=lookup.get("room_search", ""), slot=slot_from(lookup), keep=keep)
    if searching:
        typed = {name: data.get(name) for name in MeetingForm.base_fields if name in data}
        return MeetingForm(initial=typed, room_options=options, meeting=meeting), True
    return MeetingForm(data, initial=initial, room_options=options, meeting=meeting), False


def _render_form(request, template: str, context: dict, form: MeetingForm, searched: bool) -> HttpResponse:
    return render_page(request, template, {**context, "form": form, "searched": searched,
                                           "options": form.room_options}, status=status_of(form))


def meeting_create(request: HttpRequest, body_pk: int) -> HttpResponse:
    body = BodyPage.objects.live().filter(pk=body_pk).first()
    if body is None or not permissions.can_see_body(request.user, body):
        raise Http404
    if not permissions.can_run(request.user, body):
        raise NotAllowed(_("Only the secretary, the chair of the body or Coordination can plan its meetings."))
    person = person_or_403(request)
    form, searched = _form(request, body)
    context = {"body": body}
    if request.method == "POST" and not searched and form.is_valid():
        try:
            created = services.meeting_create(body=body, by=person, **form.create_kwargs())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Meeting planned: « %(title)s », %(when)s.") % {
                "title": created.title, "when": when_label(created.start, created.end)})
            if created.booking is not None and created.booking.status == BookingStatus.PENDING:
                messages.info(request, _("The room is booked on approval: its approver has been asked."))
            return redirect(created)
    return _render_form(request, "governance/meeting_form.html", context, form, searched)


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    if refused := _unchangeable(request, found):
        return refused
    form, searched = _form(request, found.body, meeting=found, initial=MeetingForm.initial_of(found))
    if request.method == "POST" and not searched and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect(found)
        try:
            services.meeting_update(meeting=found, by=person, **changes)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The meeting was changed."))
            return redirect(found)
    return _render_form(request, "governance/meeting_form.html", {"body": found.body, "meeting": found}, form,
                        searched)


def _unchangeable(request: HttpRequest, meeting: Meeting) -> HttpResponse | None:
    """A redirect to the meeting saying why, when it can no longer change (the service refuses it
    too; saying so before the form is filled in is kinder)."""
    if meeting.is_cancelled:
        messages.error(request, _("This meeting is cancelled: it can no longer be changed."))
    elif meeting.end <= timezone.now():
        messages.error(request, _("This meeting is over: it can no longer be changed."))
    else:
        return None
    return redirect(meeting)


def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    if refused := _unchangeable(request, found):
        return refused
    form = MeetingCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=found, by=person, reason=form.cleaned_data["reason"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The meeting « %(title)s » is cancelled.") % {"title": found.title})
            return redirect(found)
    return render_page(request, "governance/meeting_cancel.html", {
        "meeting": found, "form": form, "when": when_label(found.start, found.end),
    }, status=status_of(form))


@require_POST
def meeting_mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    try:
        services.meeting_mark_held(meeting=found, by=person)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The meeting is marked as held."))
    return redirect(found)


# --- the agenda -------------------------------------------------------------------------------

def _item_or_404(meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("presenter"), pk=item_pk, meeting=meeting)


def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    if refused := _unchangeable(request, found):
        return refused
    form = AgendaItemForm(request.POST or None, members=selectors.current_member_people(found.body))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(meeting=found, by=person, **form.fields_for_service())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Item added to the agenda: « %(title)s ».") % {"title": item.title})
            return redirect(f"{found.get_absolute_url()}#agenda")
    return render_page(request, "governance/agenda_item_form.html", {"meeting": found, "form": form},
                       status=status_of(form))


def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    if refused := _unchangeable(request, found):
        return refused
    item = _item_or_404(found, item_pk)
    form = AgendaItemForm(request.POST or None, members=selectors.current_member_people(found.body), item=item,
                          initial=AgendaItemForm.initial_of(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_update(item=item, by=person, **form.fields_for_service())
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The agenda item was changed."))
            return redirect(f"{found.get_absolute_url()}#agenda")
    return render_page(request, "governance/agenda_item_form.html", {"meeting": found, "item": item, "form": form},
                       status=status_of(form))


def agenda_item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    if refused := _unchangeable(request, found):
        return refused
    item = _item_or_404(found, item_pk)
    if request.method == "POST":
        try:
            services.agenda_item_delete(item=item, by=person)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Item removed from the agenda: « %(title)s ».") % {"title": item.title})
        return redirect(f"{found.get_absolute_url()}#agenda")
    return render_page(request, "governance/agenda_item_delete.html", {"meeting": found, "item": item})


@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    found = meeting_or_404(request, pk, related=RELATED)
    person = _running(request, found)
    item = _item_or_404(found, item_pk)
    form = AgendaMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say whether the item moves up or down."), status=400)
    try:
        moved = services.agenda_item_move(item=item, by=person, direction=form.cleaned_data["direction"])
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("« %(title)s » is now item %(position)d.") % {
            "title": moved.title, "position": moved.position})
    return redirect(f"{found.get_absolute_url()}#item-{item.pk}")


urlpatterns = [
    path("reunions/<int:pk>/", meeting, name="meeting"),
    path("instances/<int:body_pk>/reunions/nouvelle/", meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/modifier/", meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/annuler/", meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/tenue/", meeting_mark_held, name="meeting_mark_held"),
    path("reunions/<int:pk>/ordre-du-jour/ajouter/", agenda_item_add, name="agenda_item_add"),
    path("reunions/<int:pk>/ordre-du-jour/<int:item_pk>/modifier/", agenda_item_edit, name="agenda_item_edit"),
    path("reunions/<int:pk>/ordre-du-jour/<int:item_pk>/supprimer/", agenda_item_delete, name="agenda_item_delete"),
    path("reunions/<int:pk>/ordre-du-jour/<int:item_pk>/deplacer/", agenda_item_move, name="agenda_item_move"),
]
