"""Forms of the site's « Documents » section: they parse what people type; the rules are the
services' (documents.services)."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from intranet.forms import PlainTextField

from . import uploads
from .selectors import TYPE_FILTERS, TYPE_LABELS


def split_tags(text: str) -> list[str]:
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]


class TagsField(PlainTextField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Tags"), required=False, max_length=500,
                         help_text=_("Separated by commas, e.g. « accueil, planning »."), **kwargs)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}))
    title = PlainTextField(label=_("Title"), required=False, max_length=255,
                           help_text=_("The file’s name when left empty."))
    tags = TagsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s, up to %(size)s.") % {
            "types": uploads.accepted_types_text(), "size": filesizeformat(uploads.max_bytes())}


class FolderForm(forms.Form):
    name = PlainTextField(label=_("Name of the folder"), max_length=255)


class DocumentEditForm(forms.Form):
    title = PlainTextField(label=_("Title"), max_length=255)
    tags = TagsField()


class FolderFilterForm(forms.Form):
    """The sub-folders' name filter and the documents' sort."""

    name = PlainTextField(label=_("Folder name"), required=False, max_length=100,
                          widget=forms.TextInput(attrs={"type": "search"}))
    sort = forms.ChoiceField(label=_("Sort the documents by"), required=False,
                             choices=[("date", _("Date, newest first")), ("title", _("Title"))])


class DocumentSearchForm(forms.Form):
    q = PlainTextField(label=_("Search the documents"), required=False, max_length=200,
                       widget=forms.TextInput(attrs={"type": "search"}),
                       help_text=_("Title, tags and the text of PDF, Word and OpenDocument files."))
    kind = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")),
                                       *((key, TYPE_LABELS[key]) for key in TYPE_FILTERS)]
