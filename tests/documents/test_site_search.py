"""Searching the documents: title, tags and the text read from the files, only among the folders
the reader may read, with a type filter; and the documents in the site's own search."""

import html
import re

import pytest
from django.urls import reverse

from documents import samples

from .factories import FolderFactory, make_document

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def search(client, **params):
    return text_of(client.get(reverse("documents:search"), params))


def test_a_title_is_found_with_its_folder_path(client_staff, network_folder):
    child = FolderFactory(network_folder, "Communication")
    make_document(child, name="Charte graphique.pdf")
    page = search(client_staff, q="charte")
    assert "1 document correspond à « charte »" in page
    assert ">Charte graphique</a>" in page
    assert "Réseau › Communication" in page


def test_the_text_of_a_file_is_searched(client_staff, network_folder):
    make_document(network_folder, name="note.docx", title="Note de service",
                  content=samples.docx_bytes("Horaires d’été des médiathèques"))
    assert ">Note de service</a>" in search(client_staff, q="horaires")


def test_a_tag_is_searched(client_staff, network_folder):
    make_document(network_folder, name="a.pdf", title="Affiche", tags=["signalétique"])
    assert ">Affiche</a>" in search(client_staff, q="signalétique")


def test_the_type_filter_keeps_one_type(client_staff, network_folder):
    make_document(network_folder, name="planning.pdf", title="Planning PDF")
    make_document(network_folder, name="planning.docx", title="Planning Word", content=samples.docx_bytes("x"))
    page = search(client_staff, q="planning", kind="docx")
    assert ">Planning Word</a>" in page and ">Planning PDF</a>" not in page


def test_what_only_unreadable_folders_hold_is_not_found(client_volunteer, client_coordination, body_folder):
    make_document(body_folder, name="Budget confidentiel.pdf")
    page = search(client_volunteer, q="confidentiel")
    assert "0 document correspond à « confidentiel »" in page and ">Budget confidentiel</a>" not in page
    assert ">Budget confidentiel</a>" in search(client_coordination, q="confidentiel")


def test_an_empty_search_shows_the_form_only(client_staff):
    page = search(client_staff)
    assert "<h1>Rechercher dans les documents</h1>" in page and "correspond" not in page


def test_the_sites_search_shows_readable_documents(client_staff, client_volunteer, network_folder, body_folder):
    make_document(network_folder, name="Règlement intérieur.pdf")
    make_document(body_folder, name="Règlement du comité.pdf")
    page = text_of(client_staff.get(reverse("search"), {"q": "règlement"}))
    assert ">Règlement intérieur</a>" in page and ">Règlement du comité</a>" not in page
    assert ">Règlement intérieur</a>" in text_of(client_volunteer.get(reverse("search"), {"q": "règlement"}))


def test_new_tags_are_searched_after_an_edit(client_coordination, network_folder):
    document = make_document(network_folder, name="a.pdf", title="Affiche")
    client_coordination.post(reverse("documents:edit", args=[document.pk]), {"title": "Affiche", "tags": "rentrée"})
    # (not « été »: a stop word of PostgreSQL's French search, which never finds it)
    assert ">Affiche</a>" in search(client_coordination, q="rentrée")


def test_an_unknown_type_is_a_bad_request(client_staff):
    response = client_staff.get(reverse("documents:search"), {"q": "charte", "kind": "exe"})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text_of(response)
