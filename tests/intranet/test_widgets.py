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

