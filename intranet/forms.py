from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Library, Person, PersonKind


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    library = forms.ModelChoiceField(label=_("Library"), queryset=Library.objects.all(), required=False,
                                     to_field_name="slug", empty_label=_("All libraries"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Everyone")), *PersonKind.choices])

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"text": self.cleaned_data["q"], "library": self.cleaned_data["library"],
                "kind": self.cleaned_data["kind"]}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["phone", "job_title", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))
