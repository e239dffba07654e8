from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from . import services
from .models import Library, Person, PersonKind
from .models.users import normalize_account_email
from .text import clean_line, clean_text
from .widgets import FastSelect


class PlainTextField(forms.CharField):
    """A line people type (a title, a name): without bidi overrides, zero-width or control
    characters (intranet.text.clean_line), checked for length once cleaned."""

    def to_python(self, value):
        return clean_line(super().to_python(value))


class PlainMultilineField(forms.CharField):
    """Several lines people type (a note, a bio): intranet.text.clean_text."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


def register_admin_text_cleaning() -> None:
    """The Wagtail admin's forms (pages, snippets, settings) clean typed text the same way. Exact
    classes only: slugs, emails and URLs keep their own fields."""
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminAutoHeightTextInput

    register_form_field_override(models.CharField, override={"form_class": PlainTextField}, exact_class=True)
    register_form_field_override(
        models.TextField, override={"form_class": PlainMultilineField, "widget": AdminAutoHeightTextInput},
        exact_class=True,
    )


class DirectoryFilterForm(forms.Form):
    q = PlainTextField(label=_("Name"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    # Choices come from the cached library summaries: 150 libraries must not cost a query or
    # 150 widget templates per page.
    library = forms.ChoiceField(label=_("Library"), required=False, widget=FastSelect)
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
        field_classes = {"phone": PlainTextField, "job_title": PlainTextField, "bio": PlainMultilineField}
        # Autocomplete purposes (RGAA 11.13, WCAG 1.3.5): the browser may fill in the person's own details.
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
                   "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
                   "bio": forms.Textarea(attrs={"rows": 4})}


class SearchForm(forms.Form):
    q = PlainTextField(label=_("Search"), required=False, max_length=200,
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


class DepartureForm(forms.Form):
    """Coordination's « Départ du réseau »: who takes over, named by email address or by name (a
    search field: the network may hold thousands of people)."""

    successor = PlainTextField(
        label=_("Who takes over their mentees and pages"), required=False, max_length=200,
        help_text=_("Email address or name of someone in the directory. Needed only when the person mentors "
                    "volunteers, owns pages or holds open work."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, leaving: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.leaving = leaving

    def clean_successor(self) -> Person | None:
        text = self.cleaned_data["successor"].strip()
        if not text:
            return None
        people = Person.objects.active().exclude(pk=self.leaving.pk).select_related("library", "user")
        if "@" in text:
            found = list(people.filter(user__email__iexact=text)[:2])
        else:
            found = list(people.search(text).order_by("last_name", "first_name", "pk")[:6])
        if not found:
            raise forms.ValidationError(_("Nobody still in the directory matches « %(text)s ».") % {"text": text})
        if len(found) > 1:
            names = ", ".join(f"{person.full_name} ({person.email or _('no account')})" for person in found[:5])
            raise forms.ValidationError(
                _("Several people match « %(text)s »: %(names)s. Type their email address.")
                % {"text": text, "names": names})
        return found[0]
