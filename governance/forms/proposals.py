"""The proposal form (with its attachments) and the reviewers' defer and reject forms."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from intranet.forms import PlainMultilineField, PlainTextField

from .. import attachments
from ..models import AgendaItemKind
from ..models.meetings import DURATION_VALIDATORS


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input: the cleaned value is a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": attachments.ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(upload, initial) for upload in data if upload]
        return [single(data, initial)] if data else []


class ProposalForm(forms.Form):
    title = PlainTextField(label=_("Title"), max_length=200,
                           help_text=_("What the item is about, e.g. « Harmoniser les durées de prêt »."))
    kind = forms.ChoiceField(label=_("Kind of item"), choices=AgendaItemKind.choices,
                             initial=AgendaItemKind.DISCUSSION, widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(
        label=_("Estimated duration (minutes)"), initial=15,
        min_value=DURATION_VALIDATORS[0].limit_value, max_value=DURATION_VALIDATORS[1].limit_value)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the meeting should know or decide. Simple formatting (bold, lists, links) is kept; "
                    "anything else is removed."))
    files = MultipleFileField(label=_("Attached documents"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Optional. Up to %(count)d files of %(limit)s each: %(types)s.") % {
            "count": attachments.MAX_FILES, "limit": filesizeformat(attachments.max_bytes()),
            "types": attachments.accepted_types_text()}

    def clean_files(self):
        files = self.cleaned_data["files"]
        try:
            attachments.check_all(files)
        except attachments.AttachmentRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return files


class DeferForm(forms.Form):
    reason = PlainMultilineField(label=_("Note for the proposer (optional)"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = PlainMultilineField(label=_("Reason of the refusal"), max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 error_messages={"required": _("Say why the proposal is rejected.")},
                                 help_text=_("Sent to the proposer."))
