"""Form fields of the site's own pages: each drawn by the one field template of the form renderer
(label, required marker, help and errors linked with aria-describedby), and no page using an id
twice, errors shown or not."""

import pytest
from bs4 import BeautifulSoup
from django import forms

from tests.html import dangling_references, duplicate_ids


@pytest.mark.django_db
def test_profile_page_with_an_error_uses_each_id_once(client_staff):
    response = client_staff.post("/profil/", {"phone": "0" * 31, "job_title": "", "bio": ""})

    assert response.status_code == 400
    assert duplicate_ids(response.content) == []
    assert dangling_references(response.content) == []


@pytest.mark.django_db
def test_directory_with_a_bad_filter_uses_each_id_once(client_staff):
    response = client_staff.get("/annuaire/", {"q": "a" * 101, "library": "nulle-part"})

    assert response.status_code == 400
    assert duplicate_ids(response.content) == []
    assert dangling_references(response.content) == []


class SampleForm(forms.Form):
    name = forms.CharField(label="Nom", help_text="Tel qu'il s'affiche.")
    kind = forms.ChoiceField(label="Genre", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect,
                             help_text="Un seul.")
    days = forms.MultipleChoiceField(label="Jours", choices=[("1", "Lundi"), ("2", "Mardi")], required=False,
                                     widget=forms.CheckboxSelectMultiple)
    agreed = forms.BooleanField(label="D'accord", required=False, help_text="Cochez.")


def rendered(field) -> BeautifulSoup:
    return BeautifulSoup(str(field.as_field_group()), "html.parser")


def test_a_field_has_its_label_required_marker_help_and_linked_errors():
    form = SampleForm({"kind": "a"})
    form.is_valid()

    block = rendered(form["name"]).find(class_="field")
    control = block.find("input", attrs={"name": "name"})

    assert "field--error" in block["class"]
    assert block.label["for"] == control["id"] == "id_name"
    assert block.label.find("span", attrs={"aria-hidden": "true"}).get_text() == "*"
    assert control["aria-invalid"] == "true"
    assert control["aria-describedby"].split() == ["id_name_helptext", "id_name_error"]
    assert block.find(id="id_name_error").find_parent(class_="field__errors") is not None
    assert block.find(id="id_name_helptext").get_text() == "Tel qu'il s'affiche."


def test_a_field_without_error_is_not_marked_invalid():
    block = rendered(SampleForm()["name"]).find(class_="field")

    assert "field--error" not in block["class"]
    assert not block.find("input").has_attr("aria-invalid")
    assert block.find(class_="field__errors") is None


def test_choices_are_a_fieldset_whose_legend_names_them_and_which_points_to_errors_and_help():
    form = SampleForm({"name": "Katell"})
    form.is_valid()

    fieldset = rendered(form["kind"]).fieldset

    assert fieldset.legend.get_text(" ", strip=True) == "Genre *"
    assert fieldset["aria-describedby"].split() == ["id_kind_error", "id_kind_helptext"]
    assert "choices-stacked" in fieldset["class"]
    assert "checkbox-grid" in rendered(form["days"]).fieldset["class"]


def test_a_single_checkbox_comes_before_its_label():
    block = rendered(SampleForm()["agreed"]).find(class_="field--checkbox")

    control = block.find(class_="field__control")
    assert [child.name for child in control.find_all(recursive=False)] == ["input", "label"]
    assert control.label["for"] == "id_agreed"
    assert control.input["aria-describedby"] == "id_agreed_helptext"


class OneFieldForm(forms.Form):
    reason = forms.CharField(label="Motif")


def test_a_form_says_once_before_its_first_required_field_what_the_asterisk_means():
    form = SampleForm()
    page = BeautifulSoup(str(form), "html.parser")
    notes = page.find_all(class_="form-required-note")
    assert [note.get_text() for note in notes] == ["Les champs suivis d’un astérisque (*) sont obligatoires."]
    assert notes[0].find_next(class_="field").label["for"] == "id_name"


def test_a_form_of_one_field_does_not_repeat_the_asterisk_sentence():
    assert BeautifulSoup(str(OneFieldForm()), "html.parser").find(class_="form-required-note") is None
