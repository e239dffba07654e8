"""`/profil/`: a person corrects what the coordination does not manage (phone, job title, bio)."""

import pytest
from bs4 import BeautifulSoup

from intranet.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CHANGES = {"phone": "06 12 34 56 78", "job_title": "Médiatrice numérique",
           "bio": "J'anime les ateliers numériques du mercredi."}


def test_profile_page_shows_the_persons_entry(client_staff, staff_user):
    response = client_staff.get("/profil/")
    assert response.status_code == 200
    assert staff_user.email in response.text
    assert staff_user.person.library.name in response.text


def test_a_person_updates_phone_job_title_and_bio(client_staff, staff_user):
    response = client_staff.post("/profil/", CHANGES, follow=True)
    assert response.redirect_chain == [("/profil/", 302)]
    person = Person.objects.get(user=staff_user)
    assert (person.phone, person.job_title, person.bio) == tuple(CHANGES.values())
    assert [message.level_tag for message in response.context["messages"]] == ["success"]


def test_the_directory_shows_the_updated_profile(client_staff, staff_user):
    client_staff.post("/profil/", CHANGES)
    response = client_staff.get(staff_user.person.get_absolute_url())
    assert "J&#x27;anime les ateliers numériques du mercredi." in response.text
    assert "06 12 34 56 78" in response.text


def test_a_bio_over_1000_characters_is_refused_and_nothing_is_saved(client_staff, staff_user):
    before = Person.objects.get(user=staff_user)
    response = client_staff.post("/profil/", {**CHANGES, "bio": "a" * 1001})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    error = page.find(id="id_bio_error")
    assert error is not None and error.find_parent(class_="field__errors"), "no error next to the bio field"
    assert "id_bio_error" in page.find(id="id_bio")["aria-describedby"].split()
    assert "1000" in error.get_text() and "1001" in error.get_text()  # the limit and what was typed
    after = Person.objects.get(user=staff_user)
    assert (after.phone, after.job_title, after.bio) == (before.phone, before.job_title, before.bio)


def test_a_post_changes_only_the_persons_own_entry(client_staff, staff_user):
    colleague = PersonFactory(job_title="Responsable jeunesse", phone="02 98 11 11 11")
    client_staff.post("/profil/", {**CHANGES, "pk": colleague.pk, "id": colleague.pk, "user": colleague.user_id})
    colleague.refresh_from_db()
    assert (colleague.job_title, colleague.phone, colleague.bio) == ("Responsable jeunesse", "02 98 11 11 11", "")
    assert Person.objects.get(user=staff_user).job_title == "Médiatrice numérique"


def test_fields_managed_by_the_coordination_cannot_be_changed(client_staff, staff_user):
    person = staff_user.person
    client_staff.post("/profil/", {**CHANGES, "first_name": "Usurpé", "kind": "coordination", "library": ""})
    person.refresh_from_db()
    assert person.first_name != "Usurpé"
    assert person.kind == "professional"
    assert person.library is not None
