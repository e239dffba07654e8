from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import services
from .models import Library, Person, PersonKind
from .models.users import normalize_account_email


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    # Choices come from the cached library summaries: 150 libraries must not cost a query or
    # 150 widget templates per page.
    library = forms.ChoiceField(label=_("Library"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("Everyone")), *PersonKind.choices])

    def __init__(self, *args, libraries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", _("All libraries")),
                                          *((library.slug, library.name) for library in libraries)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        slug = self.cleaned_data["library"]
        return {"text": self.cleaned_data["q"], "kind": self.cleaned_data["kind"],
                "library": Library.objects.filter(slug=slug).first() if slug else None}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["phone", "job_title", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}))


class AccountEmailMixin:
    """The Wagtail admin's user forms: the address is the login, so it is kept in lower case and may
    belong to one account only, whatever its case (the database holds the rule too)."""

    def clean_email(self):
        email = normalize_account_email(self.cleaned_data["email"])
        if services.email_in_use(email=email, user=self.instance):
            raise forms.ValidationError(_("This email address is already used by another account."),
                                        code="duplicate_email")
        return email


class AccountCreationForm(AccountEmailMixin, UserCreationForm):
    pass


class AccountEditForm(AccountEmailMixin, UserEditForm):
    pass
