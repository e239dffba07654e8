"""The « Dossiers » admin screen: Coordination sees each folder with who may read and add to it
(inherited access shown as such) and changes it through the service; no one else opens it."""

import pytest
from django.urls import reverse
from wagtail.models import Collection

from documents.models import FolderAccess, Readers, Writers

from .factories import FolderFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/dossiers/"


def edit_url(folder) -> str:
    return f"/admin/dossiers/{folder.pk}/"


def test_the_urls_are_named():
    assert reverse("documents_folders") == LIST


def test_coordination_sees_each_folder_with_its_access(client_coordination, body_folder):
    FolderFactory(body_folder, "Budgets")
    page = client_coordination.get(LIST).content.decode()
    assert "Comité technique" in page and "Budgets" in page
    assert str(Readers.MEMBERS.label) in page
    assert "le dossier parent" in page  # Budgets follows Comité technique
    assert f'href="{edit_url(body_folder)}"' in page


def test_the_list_searches_by_name(client_coordination, body_folder, network_folder):
    page = client_coordination.get(LIST, {"q": "technique"}).content.decode()
    assert "Comité technique" in page and ">Médiathèques<" not in page


def test_the_list_shows_the_sub_folders_of_one_folder(client_coordination, body_folder, network_folder):
    FolderFactory(body_folder, "Budgets")
    FolderFactory(network_folder, "Communication")
    full = client_coordination.get(LIST).content.decode()
    assert f'href="?parent={body_folder.pk}"' in full
    page = client_coordination.get(LIST, {"parent": body_folder.pk}).content.decode()
    assert "Budgets" in page and "Communication" not in page
    assert "Les sous-dossiers de « Comité technique »." in page


def test_the_menu_shows_folders_to_coordination_only(client_coordination, client_referent):
    assert f'"{LIST}"' in client_coordination.get("/admin/").content.decode()
    assert f'"{LIST}"' not in client_referent.get("/admin/").content.decode()


@pytest.mark.parametrize("url", [LIST, "edit"])
def test_a_referent_is_refused(client_referent, body_folder, url):
    # Wagtail's answer to a PermissionDenied in its admin: back to the admin's home, with its message.
    response = client_referent.get(edit_url(body_folder) if url == "edit" else url, follow=True)
    assert response.redirect_chain == [("/admin/", 302)]
    assert "Comité technique" not in response.content.decode()


def test_personnel_have_no_admin_access(client_staff, body_folder):
    assert client_staff.get(LIST).status_code == 302


def test_coordination_opens_a_folder_and_its_subfolders_follow(client_coordination, body_folder):
    child = FolderFactory(body_folder, "Budgets")
    response = client_coordination.post(edit_url(body_folder), {"readers": Readers.STAFF, "writers": Writers.STAFF},
                                        follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Accès du dossier « Comité technique » enregistré." in response.content.decode()
    body_folder.access.refresh_from_db()
    child.access.refresh_from_db()
    assert (body_folder.access.readers, body_folder.access.writers) == (Readers.STAFF, Writers.STAFF)
    assert child.access.readers == Readers.STAFF and child.access.inherited


def test_the_edit_page_says_when_a_folder_follows_its_parent(client_coordination, body_folder):
    child = FolderFactory(body_folder, "Budgets")
    page = client_coordination.get(edit_url(child)).content.decode()
    assert "Ce dossier suit son dossier parent" in page
    assert "« Comité technique »" in page


def test_a_bad_choice_is_400_and_changes_nothing(client_coordination, body_folder):
    response = client_coordination.post(edit_url(body_folder), {"readers": "everyone", "writers": Writers.STAFF})
    assert response.status_code == 400
    body_folder.access.refresh_from_db()
    assert body_folder.access.readers == Readers.MEMBERS


def test_a_network_folder_offers_no_members_choice_and_refuses_it(client_coordination, network_folder):
    page = client_coordination.get(edit_url(network_folder)).content.decode()
    assert f'value="{Readers.NETWORK}"' in page and f'value="{Readers.MEMBERS}"' not in page
    response = client_coordination.post(edit_url(network_folder), {"readers": Readers.MEMBERS,
                                                                   "writers": Writers.STAFF})
    assert response.status_code == 400
    assert FolderAccess.objects.get(collection=network_folder).readers == Readers.NETWORK


def test_a_folder_without_access_says_so_and_cannot_be_saved(client_coordination):
    loose = Collection.get_first_root_node().add_child(instance=Collection(name="Orphelin"))
    FolderAccess.objects.filter(collection=loose).delete()
    page = client_coordination.get(edit_url(loose)).content.decode()
    assert "n’appartient encore à personne" in page
    assert client_coordination.post(edit_url(loose), {"readers": Readers.STAFF,
                                                     "writers": Writers.STAFF}).status_code == 400
    assert not FolderAccess.objects.filter(collection=loose).exists()


@pytest.mark.parametrize("scale", [1, 10])
def test_the_pages_do_not_grow_with_folders(client_coordination, body_folder, scale, django_assert_max_num_queries):
    for number in range(3 * scale):
        FolderFactory(FolderFactory(body_folder, f"Dossier {number}"), "Sous-dossier")
    with django_assert_max_num_queries(25):
        assert client_coordination.get(LIST).status_code == 200
    with django_assert_max_num_queries(25):
        assert client_coordination.get(LIST, {"q": "Dossier", "p": 2 if scale == 10 else 1}).status_code == 200
    with django_assert_max_num_queries(25):
        assert client_coordination.get(edit_url(body_folder)).status_code == 200
    with django_assert_max_num_queries(25):
        assert client_coordination.get(LIST, {"parent": body_folder.pk}).status_code == 200
