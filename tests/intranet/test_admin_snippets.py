"""The admin's snippet choosers and bulk deletes, for every app's snippets: Wagtail opens them to
anyone with admin access and they list objects by name; here they are for who holds a permission on
the model (intranet.snippets)."""

import pytest
from django.contrib.auth.models import Permission

from intranet.models import Library, Person
from intranet.roles import Role
from tests.factories import LibraryFactory, PersonFactory

pytestmark = pytest.mark.django_db

FORMER_COLLEAGUE = "Gwenaëlle Kerdraon"


@pytest.fixture
def former_colleague():
    """Someone who left the network: no longer in the directory."""
    first, last = FORMER_COLLEAGUE.split()
    return PersonFactory(first_name=first, last_name=last, user=None, active=False)


@pytest.mark.parametrize("url", [
    "/admin/snippets/choose/intranet/person/",
    "/admin/snippets/choose/intranet/person/?q=Kerdraon",
    "/admin/snippets/choose/intranet/person/results/?q=Kerdraon",
    "/admin/snippets/choose/intranet/library/",
    "/admin/snippets/choose/calendar_sync/room/",
    "/admin/snippets/choose/calendar_sync/equipment/",
])
def test_a_referent_gets_no_snippet_chooser_of_a_model_they_hold_no_permission_on(client_referent,
                                                                                  former_colleague, url):
    response = client_referent.get(url)
    # Wagtail answers a refusal in the admin with a redirect to its home page and a message.
    assert (response.status_code, response.get("Location")) in ((403, None), (302, "/admin/"))
    assert "Kerdraon" not in response.text


def test_a_referent_gets_no_bulk_delete_confirmation_naming_people_or_libraries(client_referent, former_colleague):
    library = LibraryFactory(name="Médiathèque de Pors-Meur")
    for url in (f"/admin/bulk/intranet/person/delete/?id={former_colleague.pk}",
                "/admin/bulk/intranet/person/delete/?id=all",
                f"/admin/bulk/intranet/library/delete/?id={library.pk}"):
        response = client_referent.get(url)
        assert response.status_code in (302, 403), url
        assert "Kerdraon" not in response.text and "Pors-Meur" not in response.text


def test_a_bulk_delete_posted_by_a_referent_deletes_nobody(client_referent, former_colleague):
    client_referent.post(f"/admin/bulk/intranet/person/delete/?id={former_colleague.pk}")
    assert Person.objects.filter(pk=former_colleague.pk).exists()


def test_whoever_holds_a_permission_on_the_model_gets_its_chooser(make_member, client, former_colleague):
    editor = make_member(Role.REFERENTS)
    editor.user_permissions.add(Permission.objects.get(content_type__app_label="intranet", codename="view_person"))
    client.force_login(editor)
    response = client.get("/admin/snippets/choose/intranet/person/results/?q=Kerdraon")
    assert response.status_code == 200
    assert "Kerdraon" in response.text


def test_coordination_chooses_people_and_bulk_deletes_libraries(client_coordination, former_colleague):
    assert "Kerdraon" in client_coordination.get("/admin/snippets/choose/intranet/person/results/?q=Kerdraon").text
    library = LibraryFactory(name="Médiathèque de Pors-Meur")
    confirmation = client_coordination.get(f"/admin/bulk/intranet/library/delete/?id={library.pk}")
    assert confirmation.status_code == 200
    assert "Pors-Meur" in confirmation.text
    client_coordination.post(f"/admin/bulk/intranet/library/delete/?id={library.pk}")
    assert not Library.objects.filter(pk=library.pk).exists()
