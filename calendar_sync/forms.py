"""Front-end forms of rooms and bookings. Each turns bad input into a field error in words people
understand; the booking rules themselves stay in `rules` and `services` (forms only check shape:
a real date, an end after the start, one way to end a series)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from intranet.forms import PlainMultilineField, PlainTextField
from intranet.models import Library
from intranet.widgets import FastCheckboxSelectMultiple, FastSelect

from .models import Booking, Equipment, Frequency, MonthlyMode
from .opening import open_weekdays
from .recurrence import RecurrenceRule, aware, local_zone
from .services import Scope

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")

DATE_ERRORS = {"invalid": _("Enter a date, e.g. 2025-03-14."), "required": _("Enter a date.")}
TIME_ERRORS = {"invalid": _("Enter a time, e.g. 14:30."), "required": _("Enter a time.")}

# Dates people can mean; outside, local midnight of year 1 or a series from year 9999 overflows
# datetime (a 500), so such a date is an error of its field like any other typo.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def is_navigable(day: dt.date) -> bool:
    """A date (or datetime) in the years people can mean and pages can show."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


# How a slot is named in the booking form, the finder and the links between them.
SLOT_FIELDS = ("date", "start", "end")


def within_years(day: dt.date) -> None:
    if not is_navigable(day):
        raise forms.ValidationError(DATE_ERRORS["invalid"], code="invalid")


def libraries_with_rooms():
    # Only what the select shows: 150 full Library rows cost more than the rest of the form.
    return Library.objects.filter(rooms__active=True).distinct().order_by("name").only("pk", "slug", "name")


class RoomFinderForm(forms.Form):
    """Filters of the rooms list (GET). A slot is named as in the booking form: date, start, end."""

    # Typed, not chosen: a list of every library grows with the network (420 options at 30x).
    library = PlainTextField(label=_("Library or town"), required=False, max_length=100,
                             help_text=_("Part of its name or of its town, e.g. « Plouvenec »."))
    capacity = forms.IntegerField(label=_("Minimum capacity"), min_value=1, max_value=10000, required=False,
                                  help_text=_("Number of people."))
    equipment = forms.ModelMultipleChoiceField(
        label=_("Equipment (rooms having all of it)"), queryset=Equipment.objects.none(),
        to_field_name="slug", required=False, widget=FastCheckboxSelectMultiple)
    accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                           validators=[within_years])
    start = forms.TimeField(label=_("From"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    end = forms.TimeField(label=_("To"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS)

    SLOT_FIELDS = SLOT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = Equipment.objects.all()

    def clean(self):
        cleaned = super().clean()
        day, start, end = (cleaned.get(name) for name in self.SLOT_FIELDS)
        given = [name for name in self.SLOT_FIELDS if self.data.get(name)]
        if given:
            for name, value in zip(self.SLOT_FIELDS, (day, start, end), strict=True):
                if value is None and name not in self.errors:
                    self.add_error(name, _("To find a free room, give a date, a start and an end."))
            if start and end and end <= start:
                self.add_error("end", _("The end must be after the start."))
        return cleaned

    def filters(self) -> dict:
        """The keyword arguments of selectors.matching_rooms for what is valid (a bad slot is ignored
        so the page still lists rooms next to the error)."""
        cleaned = getattr(self, "cleaned_data", {})
        filters = {
            "library_search": cleaned.get("library") or "",
            "min_capacity": cleaned.get("capacity"),
            "equipment": list(cleaned.get("equipment") or []),
            "accessible": bool(cleaned.get("accessible")),
        }
        if self.slot():
            filters["free_from"], filters["free_until"] = self.slot()
        return filters

    def slot(self) -> tuple[dt.datetime, dt.datetime] | None:
        cleaned = getattr(self, "cleaned_data", {})
        if any(name in self.errors for name in self.SLOT_FIELDS):
            return None
        day, start, end = (cleaned.get(name) for name in self.SLOT_FIELDS)
        if day and start and end and end > start:
            return aware(day, start), aware(day, end)
        return None


class BookingForm(forms.Form):
    """One booking: the fields shared by the booking form and the edit form. Field names follow the
    `field` of rules.BookingRefused (start, end, attendees...) so a refusal lands on its field."""

    title = PlainTextField(label=_("Title"), max_length=200,
                            help_text=_("What the room is for, e.g. « Atelier numérique »."))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS, validators=[within_years])
    start = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    end = forms.TimeField(label=_("End time"), widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    attendees = forms.IntegerField(label=_("Expected attendees"), min_value=1, max_value=10000, initial=1)
    note = PlainMultilineField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Set-up, catering, anything the library should know."))
    is_private = forms.BooleanField(label=_("Private booking"), required=False,
                                    help_text=_("Others see « Reserved » instead of the title."))

    def __init__(self, *args, room=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = room
        if room is not None:
            self.fields["attendees"].help_text = _("This room holds %(capacity)d people.") % {
                "capacity": room.capacity}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the booking a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must be after the start."))
        return cleaned

    def start_at(self) -> dt.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["start"])

    def end_at(self) -> dt.datetime:
        return aware(self.cleaned_data["date"], self.cleaned_data["end"])


def weekday_choices() -> list[tuple[str, str]]:
    """ISO weekdays (1 = Monday) on which rooms can be booked."""
    return [(str(weekday + 1), WEEKDAYS[weekday]) for weekday in open_weekdays()]


class BookingCreateForm(BookingForm):
    """The booking form with its optional recurrence section."""

    NO_REPEAT = ""

    frequency = forms.ChoiceField(label=_("Repeat"), required=False,
                                  choices=[(NO_REPEAT, _("Does not repeat")), *Frequency.choices])
    interval = forms.IntegerField(label=_("Interval"), min_value=1, max_value=12, required=False, initial=1,
                                  help_text=_("1 = every day, week or month; 2 = every other one…"))
    weekdays = forms.MultipleChoiceField(label=_("On these days (weekly)"), required=False,
                                         choices=weekday_choices, widget=FastCheckboxSelectMultiple,
                                         help_text=_("None ticked: the weekday of the first date."))
    monthly_mode = forms.ChoiceField(label=_("Each month (monthly)"), required=False,
                                     choices=MonthlyMode.choices, initial=MonthlyMode.DAY_OF_MONTH,
                                     widget=forms.RadioSelect)
    until = forms.DateField(label=_("Until (last date)"), required=False, widget=DATE_WIDGET,
                            error_messages=DATE_ERRORS, validators=[within_years])
    count = forms.IntegerField(label=_("Or number of dates"), required=False, min_value=1,
                               max_value=settings.BOOKING_SERIES_MAX_OCCURRENCES)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("frequency"):
            return cleaned
        until, count, first = cleaned.get("until"), cleaned.get("count"), cleaned.get("date")
        if "until" in self.errors or "count" in self.errors:
            return cleaned
        if until is None and count is None:
            self.add_error("until", _("Say when the series ends: a last date or a number of dates."))
        elif until is not None and count is not None:
            self.add_error("count", _("Give a last date or a number of dates, not both."))
        elif until is not None and first is not None and until < first:
            self.add_error("until", _("The last date must be after the first one."))
        return cleaned

    @property
    def is_recurring(self) -> bool:
        return bool(self.cleaned_data.get("frequency"))

    def rule(self) -> RecurrenceRule:
        data = self.cleaned_data
        return RecurrenceRule(
            frequency=data["frequency"], first_date=data["date"], start_time=data["start"], end_time=data["end"],
            interval=data.get("interval") or 1,
            weekdays=tuple(sorted(int(day) for day in data.get("weekdays") or [])),
            monthly_mode=data.get("monthly_mode") or MonthlyMode.DAY_OF_MONTH,
            until=data.get("until"), count=data.get("count"),
        )


SCOPE_CHOICES = [
    (Scope.THIS, _("This date only")),
    (Scope.FOLLOWING, _("This date and the following ones of the series")),
    (Scope.ALL, _("Every date of the series")),
]


class BookingEditForm(BookingForm):
    scope = forms.ChoiceField(label=_("Apply the change to"), choices=SCOPE_CHOICES, initial=Scope.THIS,
                              widget=forms.RadioSelect)

    def __init__(self, *args, booking: Booking, **kwargs):
        self.booking = booking
        super().__init__(*args, room=booking.room, **kwargs)
        if booking.series_id is None:
            del self.fields["scope"]

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        scope = cleaned.get("scope", Scope.THIS)
        original = self.booking.start.astimezone(local_zone()).date()
        if day and scope != Scope.THIS and day != original:
            self.add_error("date", _("Only one date at a time can move to another day: choose « This date only »."))
        return cleaned

    def changes(self) -> dict:
        """Keyword arguments of services.booking_update for what actually changed (None = unchanged,
        so unchanged occurrences of a series, past ones included, are not checked again)."""
        booking, data = self.booking, self.cleaned_data
        start, end = self.start_at(), self.end_at()
        return {
            "title": data["title"] if data["title"] != booking.title else None,
            "start": start if start != booking.start else None,
            "end": end if end != booking.end else None,
            "attendees": data["attendees"] if data["attendees"] != booking.attendees else None,
            "note": data["note"] if data["note"] != booking.note else None,
            "is_private": data["is_private"] if data["is_private"] != booking.is_private else None,
        }


class BookingCancelForm(forms.Form):
    scope = forms.ChoiceField(label=_("Dates to cancel"), choices=SCOPE_CHOICES, initial=Scope.THIS,
                              widget=forms.RadioSelect)
    reason = PlainMultilineField(label=_("Reason (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Kept in the booking's history and written in the cancellation email."))

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        if booking.series_id is None:
            del self.fields["scope"]


class RejectForm(forms.Form):
    reason = PlainMultilineField(label=_("Reason of the refusal"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Say why the request is rejected.")},
                             help_text=_("Sent to the organizer."))


class WeekForm(forms.Form):
    """The week a room's page shows (GET): any day of it."""

    week = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=[within_years])


class DayForm(forms.Form):
    date = forms.DateField(label=_("Day"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                           validators=[within_years])
    library = forms.ModelChoiceField(label=_("Library"), queryset=Library.objects.none(), widget=FastSelect,
                                     to_field_name="slug", required=False, empty_label=_("Whole network"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries_with_rooms()


class OccupancyForm(forms.Form):
    month = forms.DateField(label=_("First month"), required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            help_text=_("Year and month, e.g. 2025-03. Three months are shown."),
                            error_messages={"invalid": _("Enter a month, e.g. 2025-03.")}, validators=[within_years])
    library = forms.ModelChoiceField(label=_("Library"), queryset=Library.objects.none(),
                                     to_field_name="slug", required=False, empty_label=_("Whole network"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries_with_rooms()
