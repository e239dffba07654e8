"""Forms of the network agenda: the filters of its views (GET, no JavaScript) and the event form of
the coordination. Forms check shape (real dates, an end after the start); the rules are the
services'."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from intranet.forms import PlainTextField
from intranet.widgets import FastCheckboxSelectMultiple

from ..forms import DATE_ERRORS, DATE_WIDGET, TIME_ERRORS, TIME_WIDGET, within_years
from ..models import Frequency
from ..recurrence import aware
from . import selectors
from .services import NO_REPEAT, Repeat


class AgendaFilterForm(forms.Form):
    """Which calendars, which sources, which library. `filtered` tells a submitted form from a first
    visit (the defaults: the sources that are not optional); no calendar ticked means all of them."""

    calendar = forms.MultipleChoiceField(label=_("Calendars"), required=False, widget=FastCheckboxSelectMultiple)
    source = forms.MultipleChoiceField(label=_("Show"), required=False, widget=FastCheckboxSelectMultiple)
    # Typed, not chosen: a list of every library grows with the network (420 options at 30x).
    library = PlainTextField(label=_("Library or town"), required=False, max_length=100,
                             help_text=_("Only the events of that library, e.g. « Plouvenec »."))
    filtered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data, *, calendars, sources):
        super().__init__(data)
        self.calendars, self.sources = calendars, sources
        self.fields["calendar"].choices = [(calendar.slug, calendar.name) for calendar in calendars]
        self.fields["source"].choices = [
            (source.key, _("Include room bookings") if source.optional and source.key == "room_bookings"
             else source.label) for source in sources]
        self.library_found = None

    def filters(self) -> selectors.AgendaFilters:
        cleaned = self.cleaned_data if self.is_valid() else {}
        submitted = bool(self.data.get("filtered"))
        slugs = frozenset(cleaned.get("calendar") or ())
        keys = frozenset(cleaned.get("source") or ()) if submitted else selectors.default_source_keys()
        library = selectors.find_library(cleaned.get("library") or "")
        self.library_found = library
        return selectors.AgendaFilters(sources=keys, calendars=slugs or None, library=library)

    def initial_for_display(self) -> None:
        """Ticks the defaults on a first visit (every calendar, the sources that are not optional)."""
        if not self.data.get("filtered"):
            self.data = self.data.copy()
            self.data.setlist("calendar", [calendar.slug for calendar in self.calendars])
            self.data.setlist("source", sorted(selectors.default_source_keys()))
            self.data["filtered"] = "1"


class AgendaEventForm(forms.Form):
    """One event. Field names follow the services' Refused(field=...) so a refusal lands on its field."""

    calendar = forms.ModelChoiceField(label=_("Calendar"), queryset=None, empty_label=None)
    title = PlainTextField(label=_("Title"), max_length=255)
    all_day = forms.BooleanField(label=_("All day"), required=False,
                                 help_text=_("Times are then ignored: the event takes whole days."))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS, validators=[within_years])
    start_time = forms.TimeField(label=_("Start time"), required=False, widget=TIME_WIDGET,
                                 error_messages=TIME_ERRORS)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                               validators=[within_years], help_text=_("Empty: the same day."))
    end_time = forms.TimeField(label=_("End time"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS)
    location = PlainTextField(label=_("Place"), required=False, max_length=255)
    library = PlainTextField(label=_("Library or town"), required=False, max_length=100,
                             help_text=_("The library the event belongs to, if any: part of its name."))
    description = forms.CharField(label=_("Description"), required=False, max_length=10000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Simple formatting and links are kept."))
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    frequency = forms.ChoiceField(label=_("Repeat"), required=False, initial=NO_REPEAT,
                                  choices=[(NO_REPEAT, _("Does not repeat")), *Frequency.choices])
    until = forms.DateField(label=_("Until (last date)"), required=False, widget=DATE_WIDGET,
                            error_messages=DATE_ERRORS, validators=[within_years])
    count = forms.IntegerField(label=_("Or number of occurrences"), required=False, min_value=1, max_value=10000)

    RECURRENCE_FIELDS = ("frequency", "until", "count")

    def __init__(self, *args, calendars, is_override=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = calendars
        self.is_override = is_override
        if is_override:  # a changed occurrence does not repeat
            for name in self.RECURRENCE_FIELDS:
                del self.fields[name]
        self.library = None

    def clean_library(self):
        text = self.cleaned_data["library"]
        if text:
            self.library = selectors.find_library(text)
            if self.library is None:
                raise forms.ValidationError(_("No library matches « %(text)s ».") % {"text": text})
        return text

    def clean(self):
        cleaned = super().clean()
        day, all_day = cleaned.get("date"), cleaned.get("all_day")
        if day is None:
            return cleaned
        end_day = cleaned.get("end_date") or day
        if all_day:
            if end_day < day:
                self.add_error("end_date", _("The last day comes before the first one."))
            return cleaned
        for name in ("start_time", "end_time"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, _("Enter a time, or tick « All day »."))
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and aware(end_day, end) <= aware(day, start):
            self.add_error("end_time", _("The end must come after the start."))
        return cleaned

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        end_day = data.get("end_date") or data["date"]
        if data.get("all_day"):
            return aware(data["date"], dt.time(0)), aware(end_day + dt.timedelta(days=1), dt.time(0))
        return aware(data["date"], data["start_time"]), aware(end_day, data["end_time"])

    def repeat(self) -> Repeat | None:
        if self.is_override:
            return None
        if self.initial and not any(name in self.changed_data for name in self.RECURRENCE_FIELDS):
            return None  # the rule stays as it is (an imported one may say more than this form can)
        data = self.cleaned_data
        return Repeat(frequency=data.get("frequency") or NO_REPEAT, until=data.get("until"), count=data.get("count"))

    def service_arguments(self) -> dict:
        start, end = self.times()
        data = self.cleaned_data
        return {"calendar": data["calendar"], "title": data["title"], "start": start, "end": end,
                "all_day": bool(data.get("all_day")), "location": data.get("location") or "",
                "description": data.get("description") or "", "url": data.get("url") or "",
                "library": self.library, "repeat": self.repeat()}

    @staticmethod
    def initial_of(event) -> dict:
        from django.utils import timezone

        start, end = timezone.localtime(event.start), timezone.localtime(event.end)
        last_day = (end - dt.timedelta(days=1)).date() if event.all_day else end.date()
        initial = {"calendar": event.calendar, "title": event.title, "all_day": event.all_day, "date": start.date(),
                   "start_time": None if event.all_day else start.time(), "end_date": last_day,
                   "end_time": None if event.all_day else end.time(), "location": event.location,
                   "library": event.library.name if event.library else "", "description": event.description,
                   "url": event.url, "frequency": NO_REPEAT}
        rule = dict(part.partition("=")[::2] for part in event.rrule.split(";") if part)
        if rule.get("FREQ", "").lower() in Frequency.values:
            initial["frequency"] = rule["FREQ"].lower()
            if "COUNT" in rule:
                initial["count"] = int(rule["COUNT"])
            elif "UNTIL" in rule:
                moment = dt.datetime.strptime(rule["UNTIL"][:15], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
                initial["until"] = timezone.localtime(moment).date()
        return initial
