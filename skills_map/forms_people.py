"""Front-end forms of the people family: the skill page's filter and the validation form. They check shape
only; the rules stay in skills_map.services.people."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intranet.forms import PlainTextField

from .models import LEVEL_DESCRIPTORS, Level


def level_choices() -> list[tuple[int, str]]:
    # The descriptor with the label, so that the validator and the person mean the same level.
    return [(level.value, f"{level.value}. {level.label} — {LEVEL_DESCRIPTORS[level]}") for level in Level]


class PeopleFilterForm(forms.Form):
    """?bibliotheque=<part of a library's name> (never a list of every library), ?ma-mediatheque=1."""

    bibliotheque = forms.CharField(label=pgettext_lazy("skills filter", "Library"), required=False, max_length=120,
                                   help_text=_("Part of the library's name."))

    def library_text(self) -> str:
        return self.cleaned_data.get("bibliotheque", "").strip() if self.is_valid() else ""


class ValidateForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level validated"), coerce=int, choices=level_choices)
    note = PlainTextField(label=_("Evidence (optional)"), required=False, max_length=300,
                          help_text=_("What you saw: a task done, a session given..."))
    # A path completed, when the validation is the offer of a path (its evidence).
    path = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
