"""The Wagtail admin is a second front door to the library: its document listing and search, chooser,
upload forms (single and many), bulk actions and the edit, usage and delete pages show and touch
only what the folders' access allows on the site."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import samples, services
from documents.models import FolderKey, NetworkDocument
from governance.models import MembershipRole
from intranet.roles import Role
from tests.governance.factories import MembershipFactory

from .factories import make_document

pytestmark = pytest.mark.django_db

SECRET = "Budget confidentiel COTECH"
PUBLIC = "Charte du réseau"


@pytest.fixture
def secret(body_folder, coordination_user):
    return make_document(body_folder, name="budget.pdf", title=SECRET, by=coordination_user)


@pytest.fixture
def public(network_folder, coordination_user):
    return make_document(network_folder, name="charte.pdf", title=PUBLIC, by=coordination_user)


@pytest.fixture
def tutorials_folder(db):
    return services.well_known_folder(FolderKey.TUTORIALS)


@pytest.fixture
def cotech_referent(member, body_folder):
    person = member(Role.REFERENTS, first_name="Gwenola")
    MembershipFactory(body=body_folder.access.body, person=person, role=MembershipRole.MEMBER)
    return person.user


def text(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


# --- Listing, search and chooser ---------------------------------------------------------------------

def test_coordination_lists_and_searches_every_document(client_coordination, secret, public):
    listing = text(client_coordination.get("/admin/documents/"))
    assert SECRET in listing and PUBLIC in listing
    search = text(client_coordination.get("/admin/documents/?q=Budget"))
    assert SECRET in search and PUBLIC not in search


def test_a_referent_lists_only_their_own_documents_in_folders_they_read(client_referent, referent_user, secret,
                                                                        tutorials_folder):
    make_document(tutorials_folder, name="pret.pdf", title="Prêt entre bibliothèques", by=referent_user)
    listing = text(client_referent.get("/admin/documents/"))
    assert "Prêt entre bibliothèques" in listing
    assert SECRET not in listing
    assert SECRET not in text(client_referent.get("/admin/documents/results/?q=Budget"))


@pytest.mark.parametrize("url", ["/admin/documents/chooser/", "/admin/documents/chooser/results/?q=Budget",
                                 "/admin/documents/chooser/results/"])
def test_the_chooser_hides_a_members_only_document_from_a_referent_outside_the_body(client_referent, secret,
                                                                                    public, url):
    answer = text(client_referent.get(url))
    assert SECRET not in answer
    if "q=" not in url:
        assert PUBLIC in answer


def test_the_chooser_shows_it_to_a_member_of_the_body(client_as, cotech_referent, secret):
    assert SECRET in text(client_as(cotech_referent).get("/admin/documents/chooser/results/?q=Budget"))


def test_personnel_have_no_admin_access(client_staff, public):
    response = client_staff.get("/admin/documents/chooser/")
    assert response.status_code == 302 and PUBLIC not in text(response)


# --- The pages of one document -------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["edit/{pk}/", "usage/{pk}/", "delete/{pk}/", "chooser/chosen/{pk}/",
                                  "multiple/{pk}/"])
def test_the_admin_pages_of_an_unreadable_document_are_404(client_referent, secret, page):
    response = client_referent.get("/admin/documents/" + page.format(pk=secret.pk))
    assert response.status_code == 404
    assert SECRET not in text(response)


def test_deleting_an_unreadable_document_is_404_and_keeps_it(client_referent, secret):
    assert client_referent.post(f"/admin/documents/delete/{secret.pk}/").status_code == 404
    assert NetworkDocument.objects.filter(pk=secret.pk).exists()


def test_coordination_opens_the_edit_page(client_coordination, secret):
    response = client_coordination.get(f"/admin/documents/edit/{secret.pk}/")
    assert response.status_code == 200 and SECRET in text(response)


def test_a_member_who_may_read_but_not_change_gets_wagtails_refusal(client_as, cotech_referent, secret):
    response = client_as(cotech_referent).get(f"/admin/documents/edit/{secret.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_chosen_answers_a_readable_document(client_referent, public):
    response = client_referent.get(f"/admin/documents/chooser/chosen/{public.pk}/")
    assert response.status_code == 200 and PUBLIC in text(response)


# --- Uploads ---------------------------------------------------------------------------------------------

def pdf(name="note.pdf"):
    return SimpleUploadedFile(name, samples.pdf_bytes("Note"), content_type="application/pdf")


def test_a_referent_may_not_upload_into_a_folder_they_may_not_add_to(client_referent, body_folder):
    response = client_referent.post("/admin/documents/add/", {"title": "Intrus", "collection": body_folder.pk,
                                                              "file": pdf()})
    assert response.status_code == 200  # the form again, with its error
    assert not NetworkDocument.objects.filter(title="Intrus").exists()


@pytest.mark.parametrize("url", ["/admin/documents/add/", "/admin/documents/multiple/add/"])
def test_the_upload_form_offers_only_the_folders_one_may_add_to(client_referent, body_folder, tutorials_folder, url):
    page = text(client_referent.get(url))
    assert f'value="{tutorials_folder.pk}"' in page
    assert f'value="{body_folder.pk}"' not in page


def test_a_referent_uploads_into_the_tutorials_folder(client_referent, tutorials_folder):
    client_referent.post("/admin/documents/add/", {"title": "Mode d’emploi", "collection": tutorials_folder.pk,
                                                   "file": pdf()})
    document = NetworkDocument.objects.get(title="Mode d’emploi")
    assert document.collection == tutorials_folder and document.text


def test_multiple_upload_into_a_folder_one_may_not_add_to_is_refused_and_keeps_nothing(client_referent, body_folder):
    from wagtail.models import UploadedFile

    response = client_referent.post("/admin/documents/multiple/add/", {"collection": body_folder.pk,
                                                                       "files[]": pdf()})
    assert response.json()["success"] is False
    assert "Vous ne pouvez pas déposer de documents dans ce dossier." in response.json()["error_message"]
    assert not NetworkDocument.objects.exists() and not UploadedFile.objects.exists()


def test_multiple_upload_refuses_a_fake_pdf(client_coordination, network_folder):
    response = client_coordination.post("/admin/documents/multiple/add/", {
        "collection": network_folder.pk,
        "files[]": SimpleUploadedFile("faux.pdf", b"<html>not a pdf</html>", content_type="application/pdf")})
    assert response.json()["success"] is False and "faux.pdf" in response.json()["error_message"]
    assert not NetworkDocument.objects.exists()


def test_with_one_folder_open_the_new_document_lands_there(member, tutorials_folder):
    from wagtail.documents.forms import get_document_form

    from documents import permissions

    user = member(Role.REFERENTS, library=None).user
    assert permissions.addable_collection_ids(user) == {tutorials_folder.pk}
    form = get_document_form(NetworkDocument)(data={"title": "Seul dossier"}, files={"file": pdf()}, user=user,
                                              instance=NetworkDocument(uploaded_by_user=user))
    assert "collection" not in form.fields
    assert form.is_valid(), form.errors
    assert form.save().collection == tutorials_folder


# --- Bulk actions ------------------------------------------------------------------------------------------

BULK = "/admin/bulk/documents/networkdocument/"


def test_bulk_delete_cannot_touch_an_unreadable_document(client_referent, referent_user, secret, tutorials_folder):
    own = make_document(tutorials_folder, name="mien.pdf", title="Le mien", by=referent_user)
    client_referent.post(f"{BULK}delete/?id={secret.pk}&id={own.pk}")
    assert NetworkDocument.objects.filter(pk=secret.pk).exists()
    assert not NetworkDocument.objects.filter(pk=own.pk).exists()


def test_bulk_delete_page_does_not_name_an_unreadable_document(client_referent, secret):
    assert SECRET not in text(client_referent.get(f"{BULK}delete/?id={secret.pk}"))


def test_bulk_add_to_collection_refuses_a_folder_one_may_not_add_to(client_referent, referent_user, body_folder,
                                                                     tutorials_folder):
    own = make_document(tutorials_folder, name="mien.pdf", title="Le mien", by=referent_user)
    client_referent.post(f"{BULK}add_to_collection/?id={own.pk}", {"collection": body_folder.pk})
    own.refresh_from_db()
    assert own.collection == tutorials_folder


def test_bulk_add_tags_cannot_touch_an_unreadable_document(client_referent, secret):
    client_referent.post(f"{BULK}add_tags/?id={secret.pk}", {"tags": "piraté"})
    assert not secret.tags.exists()


def test_coordination_bulk_tags_any_document(client_coordination, secret):
    client_coordination.post(f"{BULK}add_tags/?id={secret.pk}", {"tags": "budget"})
    assert list(secret.tags.names()) == ["budget"]


# --- The admin's API ---------------------------------------------------------------------------------------

def test_the_admin_api_lists_only_readable_documents(client_referent, client_coordination, secret, public):
    assert SECRET not in text(client_referent.get("/admin/api/main/documents/"))
    assert PUBLIC in text(client_referent.get("/admin/api/main/documents/"))
    assert client_referent.get(f"/admin/api/main/documents/{secret.pk}/").status_code == 404
    assert SECRET in text(client_coordination.get("/admin/api/main/documents/"))


# --- Query counts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("url", ["/admin/documents/", "/admin/documents/?q=Note", "/admin/documents/chooser/",
                                 "/admin/documents/chooser/results/?q=Note", "/admin/documents/add/"])
def test_the_admin_document_pages_do_not_grow(client_referent, referent_user, tutorials_folder, body_folder, scale,
                                              url, django_assert_max_num_queries):
    for number in range(2 * scale):
        make_document(tutorials_folder, name=f"note-{number}.pdf", title=f"Note {number}", by=referent_user)
        make_document(body_folder, name=f"secret-{number}.pdf", title=f"Note secrète {number}")
    client_referent.get(url)  # the admin's first request fills caches (site, settings) for the next ones
    with django_assert_max_num_queries(25):
        response = client_referent.get(url)
    assert response.status_code == 200 and "Note secrète" not in text(response)


def test_a_referent_with_no_folder_to_add_to_gets_no_upload_form(member, client_as, client_coordination,
                                                                 coordination_user, tutorials_folder):
    from documents.models import Readers, Writers

    client = client_as(member(Role.REFERENTS, library=None).user)
    assert "/admin/documents/chooser/create/" in text(client.get("/admin/documents/chooser/"))
    services.folder_access_set(collection=tutorials_folder, readers=Readers.NETWORK, writers=Writers.COORDINATION,
                               by=coordination_user)
    for url in ("/admin/documents/add/", "/admin/documents/multiple/add/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    chooser = client.get("/admin/documents/chooser/")
    assert chooser.status_code == 200 and "/admin/documents/chooser/create/" not in text(chooser)


@pytest.mark.parametrize("url", ["/admin/documents/", "/admin/documents/chooser/"])
def test_the_folder_filters_do_not_name_an_unreadable_folder(client_referent, client_coordination, secret, public,
                                                             url):
    assert "Comité technique" in text(client_coordination.get(url))
    assert "Comité technique" not in text(client_referent.get(url))


def test_a_referent_cannot_move_their_document_into_a_folder_they_may_not_add_to(client_referent, referent_user,
                                                                                 body_folder, tutorials_folder):
    own = make_document(tutorials_folder, name="mien.pdf", title="Le mien", by=referent_user)
    response = client_referent.post(f"/admin/documents/edit/{own.pk}/", {"title": "Déplacé",
                                                                         "collection": body_folder.pk})
    assert response.status_code == 200  # the form again, with its error
    own.refresh_from_db()
    assert (own.title, own.collection) == ("Le mien", tutorials_folder)
    # The same form into a folder they may add to goes through.
    response = client_referent.post(f"/admin/documents/edit/{own.pk}/", {"title": "Renommé",
                                                                         "collection": tutorials_folder.pk})
    own.refresh_from_db()
    assert response.status_code == 302 and own.title == "Renommé"


def test_the_choosers_upload_refuses_a_folder_one_may_not_add_to(client_referent, body_folder, tutorials_folder):
    url = "/admin/documents/chooser/create/"
    client_referent.post(url, {"document-chooser-upload-title": "Intrus",
                               "document-chooser-upload-collection": body_folder.pk,
                               "document-chooser-upload-file": pdf()})
    assert not NetworkDocument.objects.filter(title="Intrus").exists()
    client_referent.post(url, {"document-chooser-upload-title": "Bienvenu",
                               "document-chooser-upload-collection": tutorials_folder.pk,
                               "document-chooser-upload-file": pdf()})
    assert NetworkDocument.objects.get(title="Bienvenu").collection == tutorials_folder
