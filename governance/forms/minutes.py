"""Forms of the attendance and minutes pages. They check the shape of what is typed; the rules
(who may be represented by whom, what is locked, when minutes are approved) are the services'."""

import html
import re

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intranet.forms import PlainMultilineField
from intranet.widgets import FastSelect

from ..models import AttendanceStatus, Meeting
from ..models.bodies import VOTING_ROLES
from ..selectors.minutes import AttendanceRow, ScheduledItem

MAX_HTML_LENGTH = 50_000
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")
_PARAGRAPHS_ONLY = re.compile(r"\s*(?:<p>(?:(?!</?p\b)[^<]|<br>)*</p>\s*)+", re.DOTALL)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def typed_to_html(text: str) -> str:
    """What a secretary types in a plain text area: without any tag, a blank line starts a new
    paragraph and a line break stays one; text with HTML tags is kept as it is (and cleaned by the
    service)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text or _TAG.search(text):
        return text
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "\n".join("<p>" + "<br>".join(html.escape(line.strip(), quote=False) for line in part.split("\n")) + "</p>"
                     for part in paragraphs)


def html_to_typed(value: str) -> str:
    """The other way, to fill the text area: HTML made only of paragraphs and line breaks reads as
    the plain text it came from; richer HTML is shown as it is."""
    if not value or not _PARAGRAPHS_ONLY.fullmatch(value):
        return value or ""
    return "\n\n".join(html.unescape(part.replace("<br>", "\n")) for part in _PARAGRAPH.findall(value))


class AttendanceForm(forms.Form):
    """One status and one « represented by » per member or guest of the body on the day of the
    meeting, filled in with what was recorded, else with their answer to the convocation."""

    def __init__(self, *args, rows: list[AttendanceRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.people = {row.person.pk: row.person for row in rows}
        holders = [("", "—")] + [(str(row.person.pk), row.person.full_name) for row in rows
                                    if row.membership.role in VOTING_ROLES]
        statuses = [("", _("Not recorded")), *AttendanceStatus.choices]
        for row in rows:
            pk = row.person.pk
            help_text = _("Answer to the convocation: %(answer)s.") % {"answer": row.answered} if row.answered else ""
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=pgettext_lazy("of one person", "Attendance"), choices=statuses, required=False,
                widget=FastSelect, help_text=help_text)
            self.fields[f"represented_by_{pk}"] = forms.ChoiceField(
                label=_("Represented by"), choices=holders, required=False, widget=FastSelect)
            self.initial.setdefault(f"status_{pk}", row.status)
            self.initial.setdefault(f"represented_by_{pk}", str(row.represented_by_id or ""))

    def lines(self):
        """(row, status field, represented-by field) for the template, one per person."""
        return [(row, self[f"status_{row.person.pk}"], self[f"represented_by_{row.person.pk}"]) for row in self.rows]

    def entries(self) -> list[tuple]:
        """What the service records: (person, status, represented_by) for each row with a status."""
        entries = []
        for row in self.rows:
            pk = row.person.pk
            status = self.cleaned_data.get(f"status_{pk}")
            if not status:
                continue
            holder = self.cleaned_data.get(f"represented_by_{pk}")
            entries.append((row.person, status, self.people.get(int(holder)) if holder else None))
        return entries

    def field_of(self, person) -> str | None:
        """The field where a refusal about `person` is shown."""
        if person is None or person.pk not in self.people:
            return None
        status = self.cleaned_data.get(f"status_{person.pk}")
        return f"represented_by_{person.pk}" if status == AttendanceStatus.REPRESENTED else f"status_{person.pk}"


class MinutesForm(forms.Form):
    """The general remarks and one text per agenda item."""

    summary = forms.CharField(
        label=_("General remarks"), required=False, max_length=MAX_HTML_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Plain text: a blank line starts a new paragraph. Simple HTML (paragraphs, bold, lists, "
                    "links, tables) is also accepted."))

    def __init__(self, *args, schedule: list[ScheduledItem], texts: dict[int, str] | None = None,
                 summary: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.schedule = schedule
        self.initial.setdefault("summary", html_to_typed(summary))
        for scheduled in schedule:
            name = f"item_{scheduled.item.pk}"
            self.fields[name] = forms.CharField(
                label=f"{scheduled.number}. {scheduled.item.title}", required=False, max_length=MAX_HTML_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}))
            self.initial.setdefault(name, html_to_typed((texts or {}).get(scheduled.item.pk, "")))

    def clean_summary(self):
        return typed_to_html(self.cleaned_data["summary"])

    def item_fields(self):
        return [(scheduled, self[f"item_{scheduled.item.pk}"]) for scheduled in self.schedule]

    def items(self) -> dict[int, str]:
        return {scheduled.item.pk: typed_to_html(self.cleaned_data.get(f"item_{scheduled.item.pk}", ""))
                for scheduled in self.schedule}


class VersionForm(forms.Form):
    """The version a button acts on: the page may be older than the minutes (another tab)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ApproveForm(VersionForm):
    at_meeting = forms.TypedChoiceField(label=_("Meeting at which the minutes are approved"), coerce=int)

    def __init__(self, *args, meetings: list[Meeting], **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {meeting.pk: meeting for meeting in meetings}
        self.fields["at_meeting"].choices = [(meeting.pk, _meeting_label(meeting)) for meeting in meetings]
        if meetings:
            self.initial.setdefault("at_meeting", meetings[0].pk)

    def meeting(self) -> Meeting:
        return self.meetings[self.cleaned_data["at_meeting"]]


def _meeting_label(meeting: Meeting) -> str:
    return f"{formats.date_format(timezone.localtime(meeting.start), 'j F Y')} — {meeting.title}"


class CorrectForm(VersionForm):
    reason = PlainMultilineField(
        label=_("Reason of the correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. « A name was misspelt in item 3. » The approved version stays readable until the "
                    "correction is approved."))
