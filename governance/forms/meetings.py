"""Front-end forms of governance, one block per page family. Forms check the shape of what is typed
(a real date, an end after the start); the rules stay in governance.services."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calendar_sync.forms import DATE_ERRORS, DATE_WIDGET, TIME_ERRORS, TIME_WIDGET, within_years
from calendar_sync.models import Room
from calendar_sync.recurrence import aware
from intranet.forms import PlainMultilineField, PlainTextField
from intranet.models import Person
from intranet.widgets import FastSelect

from ..models import AgendaItem, AgendaItemKind, Meeting

# --- meetings ---------------------------------------------------------------------------------

DEADLINE_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 300}, format="%Y-%m-%dT%H:%M")
DEADLINE_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
# The fields a meeting's slot is read from, also before the form is sent (to find a free room).
MEETING_SLOT_FIELDS = ("date", "start", "end")


def room_label(room: Room) -> str:
    return _("%(room)s — %(library)s, %(capacity)d seats") % {
        "room": room.name, "library": room.library.name, "capacity": room.capacity}


def slot_from(data) -> tuple[dt.datetime, dt.datetime] | None:
    """The slot typed in a meeting's form, read leniently (for the room search before sending)."""
    fields = MeetingForm.base_fields
    try:
        day, start, end = (fields[name].clean(data.get(name)) for name in MEETING_SLOT_FIELDS)
    except ValidationError:
        return None
    if not (day and start and end) or end <= start:
        return None
    return aware(day, start), aware(day, end)


class MeetingForm(forms.Form):
    """Plan or change a meeting. The room is chosen among a short list (selectors.room_options: the
    head office's rooms and those of the members' libraries) or found by library or town with the
    « Find a room » button, which shows the form again with the matching rooms free at that time."""

    title = PlainTextField(label=_("Title"), max_length=200,
                           help_text=_("E.g. « Comité technique de mars »."))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS, validators=[within_years])
    start = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    end = forms.TimeField(label=_("End time"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    room_search = PlainTextField(
        label=_("Find a room by library, town or name"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Then press « Find a room »: the list below shows the matching rooms free at that time."))
    room = forms.ModelChoiceField(label=_("Room of the network"), queryset=Room.objects.none(), required=False,
                                  widget=FastSelect, empty_label=_("No room (a place or a video link)"),
                                  help_text=_("The room is booked for the meeting, and freed if it is cancelled."))
    place = PlainTextField(label=_("Or another place"), max_length=200, required=False,
                           help_text=_("An address, when the meeting is not in one of the network's rooms."))
    video_url = forms.URLField(label=_("Video link"), required=False, max_length=200, assume_scheme="https",
                               help_text=_("For who attends remotely, e.g. https://visio.example.fr/cotech."))
    proposal_deadline = forms.DateTimeField(
        label=_("Deadline for agenda proposals"), required=False, widget=DEADLINE_WIDGET,
        input_formats=DEADLINE_FORMATS,
        error_messages={"invalid": _("Enter a date and a time, e.g. 2026-03-24 14:00.")},
        help_text=_("Empty: seven days before the meeting, at the same time."))

    def __init__(self, *args, room_options, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.room_options = room_options
        field = self.fields["room"]
        field.queryset = Room.objects.active().select_related("library")
        if meeting is not None and meeting.room_id:
            # The meeting's own room stays a valid choice even if it is no longer in use.
            field.queryset = Room.objects.filter(pk=meeting.room_id) | field.queryset
        field.widget.choices = [("", field.empty_label), *((room.pk, room_label(room)) for room in room_options.rooms)]

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict:
        start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
        return {"title": meeting.title, "date": start.date(), "start": start.time(), "end": end.time(),
                "room": meeting.room_id, "place": meeting.place, "video_url": meeting.video_url,
                "proposal_deadline": timezone.localtime(meeting.proposal_deadline)}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        if not self.errors and not (cleaned.get("room") or cleaned.get("place") or cleaned.get("video_url")):
            self.add_error("room", _("Choose a room, or write a place, or give a video link."))
        deadline = cleaned.get("proposal_deadline")
        if deadline and cleaned.get("date") and start and self.deadline_changed() and deadline > self.start_at():
            self.add_error("proposal_deadline", _("The deadline must come before the meeting starts."))
        return cleaned

    def start_at(self) -> dt.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["start"])

    def end_at(self) -> dt.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["end"])

    def create_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "start": self.start_at(), "end": self.end_at(), "room": data["room"],
                "place": data["place"], "video_url": data["video_url"],
                "proposal_deadline": data["proposal_deadline"]}

    def changes(self) -> dict:
        """Keyword arguments of services.meeting_update for what actually changed."""
        meeting, wanted = self.meeting, self.create_kwargs()
        current = {"title": meeting.title, "start": meeting.start, "end": meeting.end, "room": meeting.room,
                   "place": meeting.place, "video_url": meeting.video_url}
        changes = {name: value for name, value in wanted.items() if name in current and value != current[name]}
        deadline = wanted["proposal_deadline"]
        if deadline is None:
            changes["proposal_deadline"] = None  # back to the default
        elif self.deadline_changed():
            changes["proposal_deadline"] = deadline
        # Else left out: the service keeps it, or moves it with the meeting when it was the default.
        return changes

    def deadline_changed(self) -> bool:
        """Whether the deadline differs from the meeting's as the form showed it (to the minute)."""
        deadline = self.cleaned_data.get("proposal_deadline")
        if self.meeting is None or deadline is None:
            return deadline is not None
        return deadline != self.meeting.proposal_deadline.replace(second=0, microsecond=0)


class MeetingCancelForm(forms.Form):
    reason = PlainMultilineField(label=_("Reason (optional)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Written in the cancellation the members receive."))


class AgendaItemForm(forms.Form):
    title = PlainTextField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of item"), choices=AgendaItemKind.choices,
                             initial=AgendaItemKind.DISCUSSION, widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600, initial=15)
    presenter = forms.ModelChoiceField(label=_("Presented by"), queryset=Person.objects.none(), required=False,
                                       widget=FastSelect, empty_label=_("Nobody in particular"),
                                       help_text=_("A current member of the body."))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, or simple HTML: paragraphs, lists, links, bold and italics."))

    def __init__(self, *args, members, item: AgendaItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        presenters = {person.pk: person for person in members}
        if item is not None and item.presenter_id and item.presenter_id not in presenters:
            presenters[item.presenter_id] = item.presenter  # a former member who still presents it
        field = self.fields["presenter"]
        field.queryset = Person.objects.filter(pk__in=list(presenters))
        field.widget.choices = [("", field.empty_label),
                                *((person.pk, person.full_name) for person in presenters.values())]
        if item is not None and item.is_action_review:
            # The follow-up of actions keeps its title and kind.
            del self.fields["title"], self.fields["kind"]

    @classmethod
    def initial_of(cls, item: AgendaItem) -> dict:
        return {"title": item.title, "kind": item.kind, "duration_minutes": item.duration_minutes,
                "presenter": item.presenter_id, "description": item.description}

    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class AgendaMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])

# --- end of meetings --------------------------------------------------------------------------
