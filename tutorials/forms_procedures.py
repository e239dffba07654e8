"""Front-end forms of the procedures family: feedback on a page, a library's local note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models.procedures import COMMENT_MAX_LENGTH, NOTE_MAX_LENGTH


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Did this page help you?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes")
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was missing or unclear? Plain text, 1000 characters at most."))


class LocalNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note of your library"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your hours, contacts, equipment for this step. Plain text, 2000 characters at most."))
