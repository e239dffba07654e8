"""The form of the agenda's .ics import."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .importing.reader import megabytes
from .models import NetworkCalendar

AS_BOOKINGS = "bookings"


class IcsUploadForm(forms.Form):
    file = forms.FileField(label=_("Calendar file (.ics)"),
                           help_text=_("Exported from Google Agenda, Outlook, Apple Calendar or Thunderbird."))
    target = forms.ChoiceField(label=_("Import into"), widget=forms.RadioSelect)

    def __init__(self, *args, calendars=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.calendars = {calendar.slug: calendar for calendar in calendars}
        self.fields["target"].choices = [
            *[(calendar.slug, calendar.name) for calendar in self.calendars.values()],
            (AS_BOOKINGS, _("Room bookings (each event booked in the room its place names)")),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.CALENDAR_IMPORT_MAX_BYTES
        # Checked before reading: a huge upload is refused without being loaded.
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file weighs %(size)s MB: calendar files of %(limit)s MB at most are accepted."),
                params={"size": megabytes(upload.size, 1), "limit": megabytes(limit)})
        return upload

    @property
    def as_bookings(self) -> bool:
        return self.cleaned_data["target"] == AS_BOOKINGS

    @property
    def calendar(self) -> NetworkCalendar | None:
        return self.calendars.get(self.cleaned_data["target"])
