"""Forms of the document library. `DocumentAdminForm` is the base of every Wagtail admin document form
(WAGTAILDOCS_DOCUMENT_FORM_BASE): the admin's uploads, single or many, pass the same content check as
the site's, a document's text is read for the search, and the folder choice is the folders the user
may add to (documents.admin_policy). `FolderAccessForm`: who reads and adds to a folder (« Dossiers »)."""

import os

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from . import uploads
from .models import Owner, Readers, Writers
from .text import extract_text


class DocumentAdminForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail hides the folder field when one folder is open to the user, and the new document
        # would then land in the root collection (Coordination's alone): put it in that folder.
        if "collection" not in self.fields and not self.instance.pk and len(self.collections) == 1:
            self.instance.collection = self.collections[0]

    def clean(self):
        cleaned = super().clean()
        # A folder one may not add to refuses the file itself: Wagtail's multiple upload would
        # otherwise keep the file aside (its UploadedFile, in public media) and ask for the folder again.
        if self.has_error("collection") and "file" in self.fields and "file" in self.changed_data \
                and not self.has_error("file"):
            # Not add_error: the file stays in cleaned_data, so the model's own checks do not run on
            # an empty file and add their message to ours.
            refusal = gettext("You may not add documents to this folder.")
            self._errors.setdefault("file", self.error_class()).append(refusal)
        return cleaned

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            try:
                checked = uploads.check(file)
            except uploads.UploadRefused as refused:
                raise forms.ValidationError(refused.message, code="refused") from refused
            file.name = checked.name
        return file

    def save(self, commit=True):
        if "file" in self.changed_data and self.instance.file:
            extension = os.path.splitext(self.instance.file.name)[1]
            self.instance.text = extract_text(self.instance.file, extension)
        return super().save(commit=commit)


class FolderAccessForm(forms.Form):
    readers = forms.ChoiceField(label=_("Who may read"), choices=Readers.choices, widget=forms.RadioSelect)
    writers = forms.ChoiceField(label=_("Who may add documents"), choices=Writers.choices, widget=forms.RadioSelect,
                                help_text=_("The coordination always may."))

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, initial={"readers": access.readers, "writers": access.writers}, **kwargs)
        if access.owner == Owner.NETWORK:
            # A network folder has no members (the service refuses them too).
            self.fields["readers"].choices = [c for c in Readers.choices if c[0] != Readers.MEMBERS]
            self.fields["writers"].choices = [c for c in Writers.choices if c[0] != Writers.MEMBERS]
