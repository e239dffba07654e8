"""Front-end forms of training paths. They check shape only (a real date, someone found); the rules
stay in tutorials.services.paths. A person is found by typing part of their name, never chosen in a
list of the whole network: the field keeps the few matches as radio buttons when several match."""

from django import forms
from django.utils.translation import gettext_lazy as _

from calendar_sync.forms import BookingForm
from intranet.forms import PlainMultilineField, PlainTextField
from intranet.models import Person
from intranet.roles import STAFF_ROLES

from .selectors.paths import PEOPLE_FOUND_LIMIT, OverviewStatus, people_matching

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def staff_people():
    return Person.objects.active().filter(user__is_active=True,
                                          user__groups__name__in=[role.value for role in STAFF_ROLES]).distinct()


class PersonSearchMixin:
    """For each name in SEARCHED, a text field `<name>_q` and a radio choice `<name>` among the people
    it matches (at most PEOPLE_FOUND_LIMIT); clean() resolves the person."""

    SEARCHED: dict = {}

    def _setup_search(self, among: dict):
        self._among = among
        self._found: dict[str, dict[str, Person]] = {}
        self._more: dict[str, bool] = {}
        for name in self.SEARCHED:
            text = (self.data.get(f"{name}_q") or "").strip() if self.is_bound else ""
            found = people_matching(text, among=among[name]) if text else []
            self._found[name] = {str(person.pk): person for person in found[:PEOPLE_FOUND_LIMIT]}
            self._more[name] = len(found) > PEOPLE_FOUND_LIMIT
            self.fields[name].choices = [(pk, f"{person.full_name} — {person.library.name if person.library else ''}")
                                         for pk, person in self._found[name].items()]
            if len(self._found[name]) < 2:  # nothing to choose among: no empty group of radio buttons
                self.fields[name].widget = forms.HiddenInput()

    def _resolve(self, name: str):
        chosen = self.cleaned_data.get(name)
        found = self._found[name]
        if chosen:
            return found.get(chosen)
        if not (self.data.get(f"{name}_q") or "").strip():
            self.add_error(f"{name}_q", _("Type part of a name."))
        elif not found:
            self.add_error(f"{name}_q", _("Nobody matches: check the spelling."))
        elif len(found) == 1:
            return next(iter(found.values()))
        elif self._more[name]:
            self.add_error(f"{name}_q", _("Too many people match: type more of the name."))
        else:
            self.add_error(name, _("Several people match: choose one."))
        return None


class EnrolForm(PersonSearchMixin, forms.Form):
    SEARCHED = {"person": True, "mentor": True}

    path = forms.ModelChoiceField(label=_("Path"), queryset=None, empty_label=None)
    person_q = PlainTextField(label=_("Learner (part of the name)"), max_length=100, required=False,
                              widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    person = forms.ChoiceField(label=_("Learner"), required=False, widget=forms.RadioSelect)
    mentor_q = PlainTextField(label=_("Mentor (part of the name)"), max_length=100, required=False,
                              widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
                              help_text=_("A member of staff who validates the steps."))
    mentor = forms.ChoiceField(label=_("Mentor"), required=False, widget=forms.RadioSelect)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE_WIDGET,
                                  error_messages={"invalid": _("Enter a date, e.g. 2026-06-30.")})

    def __init__(self, *args, paths, learners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["path"].queryset = paths
        self._setup_search({"person": learners, "mentor": staff_people()})

    def clean(self):
        cleaned = super().clean()
        cleaned["person"] = self._resolve("person")
        cleaned["mentor"] = self._resolve("mentor")
        return cleaned


class ReviewForm(forms.Form):
    comment = PlainMultilineField(label=_("Comment"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


SEND_BACK_REQUIRED = _("Say what is missing: the learner reads your comment.")


class SendBackForm(forms.Form):
    comment = PlainMultilineField(label=_("What is missing"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"required": SEND_BACK_REQUIRED})


class OverviewFilterForm(forms.Form):
    path = forms.ModelChoiceField(label=_("Path"), queryset=None, required=False, empty_label=_("All paths"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("All")), (OverviewStatus.IN_PROGRESS, _("In progress")), (OverviewStatus.LATE, _("Late")),
        (OverviewStatus.COMPLETED, _("Completed")), (OverviewStatus.WITHDRAWN, _("Withdrawn"))])
    q = PlainTextField(label=_("Person or library"), required=False, max_length=100,
                       widget=forms.TextInput(attrs={"type": "search"}))

    def __init__(self, *args, paths, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["path"].queryset = paths

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"path": self.cleaned_data["path"], "status": self.cleaned_data["status"],
                "text": self.cleaned_data["q"]}


class StepBookingForm(BookingForm):
    """calendar_sync's booking fields (title, date, start, end, attendees, note), and a room among those
    of the learner's and the mentor's libraries and the head office (a few, whatever the network)."""

    room = forms.ModelChoiceField(label=_("Room"), queryset=None, empty_label=None)
    field_order = ["room", "title", "date", "start", "end", "attendees", "note"]

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        del self.fields["is_private"]
