"""Forms of the decision register and of the action items. They check shape only (a real date, a
choice among those offered); the rules stay in governance.services.decisions and .actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from calendar_sync.forms import DATE_ERRORS, DATE_WIDGET, within_years
from intranet.forms import PlainMultilineField, PlainTextField
from intranet.widgets import FastSelect

from ..models import DecisionOutcome
from ..services.actions import NOTE_MAX_LENGTH, TITLE_MAX_LENGTH
from ..services.decisions import TEXT_MAX_LENGTH


class _ChoicesOf(forms.ChoiceField):
    """A choice among given objects, by pk; `cleaned_data` holds the object (or None)."""

    def __init__(self, *args, empty_label=None, **kwargs):
        self.empty_label = empty_label
        self.objects: dict[str, object] = {}
        super().__init__(*args, **kwargs)

    def set_objects(self, objects, label=str) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        empty = [("", self.empty_label)] if self.empty_label is not None else []
        self.choices = [*empty, *((key, label(obj)) for key, obj in self.objects.items())]

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(value) if value else None


class RegisterFilterForm(forms.Form):
    """The register's filters (GET, read leniently: a bad value is left out)."""

    q = PlainTextField(label=_("Words in the number or the text"), required=False, max_length=100,
                       widget=forms.TextInput(attrs={"type": "search"}))
    body = forms.ChoiceField(label=_("Body"), required=False, widget=FastSelect)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("All outcomes")), *DecisionOutcome.choices])

    def __init__(self, *args, bodies=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("All bodies")), *((str(pk), title) for pk, title in bodies)]
        self.fields["year"].choices = [("", _("All years")), *((str(year), str(year)) for year in years)]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"text": data.get("q") or "", "body_id": int(data["body"]) if data.get("body") else None,
                "year": data.get("year"), "outcome": data.get("outcome") or ""}


class DecisionForm(forms.Form):
    text = PlainMultilineField(label=_("Decision"), max_length=TEXT_MAX_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=_("What was decided, as the minutes will say it."))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect,
                                help_text=_("« Referred to the parent body » puts it on the parent body's next "
                                            "meeting as a proposal."))
    item = _ChoicesOf(label=_("Agenda item"), required=False, empty_label=_("No particular item"))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].set_objects(items, label=lambda item: item.title)


class ActionForm(forms.Form):
    title = PlainTextField(label=_("Action"), max_length=TITLE_MAX_LENGTH,
                           help_text=_("What is to be done, starting with a verb."))
    owner = _ChoicesOf(label=_("Owner"), widget=FastSelect, empty_label=_("Choose a person"),
                       help_text=_("A current member of the body, or someone of the coordination."))
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS,
                               validators=[within_years])
    decision = _ChoicesOf(label=_("Follows the decision"), required=False, empty_label=_("No decision"))

    def __init__(self, *args, owners=(), decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_objects(owners, label=lambda person: person.full_name)
        self.fields["decision"].set_objects(decisions, label=lambda decision: decision.number)


class ActionNoteForm(forms.Form):
    note = PlainMultilineField(label=_("Note"), required=False, max_length=NOTE_MAX_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if help_text:
            self.fields["note"].help_text = help_text
