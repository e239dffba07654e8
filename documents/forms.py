"""Forms of the document library. `DocumentAdminForm` is the base of every Wagtail admin document form
(WAGTAILDOCS_DOCUMENT_FORM_BASE): the admin's uploads, single or many, pass the same content check as
the site's, and a document's text is read for the search."""

import os

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from . import uploads
from .text import extract_text


class DocumentAdminForm(BaseDocumentForm):
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
