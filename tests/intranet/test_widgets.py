"""Checkboxes rendered in Python write exactly what Django's templates write."""

import pytest
from django import forms

from intranet.widgets import FastCheckboxSelectMultiple

CHOICES = [("video", "Vidéoprojecteur"), ("pc", "PC & <tablettes>"), ("1", "Salle « Conte »")]


def form_with(widget_class, *, required=False, disabled=False, data=None, attrs=None):
    class Sample(forms.Form):
        items = forms.MultipleChoiceField(label="Équipement", choices=CHOICES, required=required,
                                          disabled=disabled, widget=widget_class(attrs=attrs))

    return Sample(data)


CASES = {
    "unbound": {},
    "some_checked": {"data": {"items": ["pc", "1"]}},
    "in_error": {"data": {"items": ["nope"]}},
    "required_and_missing": {"required": True, "data": {}},
    "disabled": {"disabled": True, "data": {"items": ["video"]}},
    "with_a_class": {"attrs": {"class": "grid", "data-x": "1"}},
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_fast_checkboxes_write_what_django_writes(case):
    fast, django_form = form_with(FastCheckboxSelectMultiple, **case), form_with(forms.CheckboxSelectMultiple, **case)
    fast.is_valid(), django_form.is_valid()

    assert str(fast["items"]) == str(django_form["items"])


def test_fast_checkboxes_with_groups_of_choices_fall_back_to_djangos_templates():
    grouped = [("Audio", [("micro", "Micro")]), ("Vidéo", [("video", "Vidéoprojecteur")])]
    fast = FastCheckboxSelectMultiple(choices=grouped).render("items", ["micro"], {"id": "id_items"})

    assert fast == forms.CheckboxSelectMultiple(choices=grouped).render("items", ["micro"], {"id": "id_items"})



class Inputs(forms.Form):
    text = forms.CharField(label="Titre", max_length=20, help_text="Un titre « court » & clair.")
    number = forms.IntegerField(label="Nombre", min_value=1, required=False)
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hour = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time", "step": 300}))
    agreed = forms.BooleanField(label="D'accord", required=False)
    email = forms.EmailField(label="Courriel", required=False, disabled=True)
    secret = forms.CharField(label="Mot de passe", widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    search = forms.CharField(label="Recherche", required=False, widget=forms.TextInput(attrs={"type": "search"}))


INPUT_CASES = {
    "unbound": None,
    "valid": {"text": 'a "b" <c>', "number": "3", "day": "2026-03-10", "hour": "14:30", "agreed": "on",
              "secret": "s&cret", "hidden": "x'y", "search": "rameau"},
    "in_error": {"text": "x" * 30, "number": "-2", "day": "demain", "hour": "25:00"},
}


@pytest.mark.parametrize("data", INPUT_CASES.values(), ids=INPUT_CASES.keys())
def test_inputs_drawn_in_python_write_what_djangos_templates_write(data):
    from django.forms.renderers import DjangoTemplates

    ours, djangos = Inputs(data), Inputs(data, renderer=DjangoTemplates())
    ours.is_valid(), djangos.is_valid()

    for name in Inputs.base_fields:
        assert str(ours[name]) == str(djangos[name]), name


def test_a_field_group_shows_its_label_widget_help_and_errors():
    form = Inputs({"text": "x" * 30})
    form.is_valid()

    html = form["text"].as_field_group()

    assert '<label for="id_text">Titre <span aria-hidden="true">*</span></label>' in html
    assert 'aria-invalid="true"' in html and 'id="id_text_error"' in html
    assert '<div class="field__help" id="id_text_helptext">Un titre « court » &amp; clair.</div>' in html
