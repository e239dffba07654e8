"""The « Documents » section of the site: the top folders, a folder's listing, a document's page
with its preview and where it is used, adding documents and folders, editing and deleting."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from documents import samples, services
from documents.models import FolderKey, NetworkDocument, Readers, Writers
from governance.models import Attachment, MembershipRole
from intranet.models import Library
from intranet.roles import Role
from tests.factories import LibraryFactory, StandardPageFactory
from tests.governance.factories import AgendaItemFactory, MeetingFactory, MembershipFactory, ProposalFactory

from .factories import FolderFactory, make_document, upload

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


# --- The top folders ------------------------------------------------------------------------------

def test_the_index_lists_the_top_folders_with_their_readable_sub_folders(client_staff, staff_user, body_folder):
    LibraryFactory(name="Médiathèque de Kerlouan")
    services.folders_sync()
    page = text_of(client_staff.get(reverse("documents:index")))
    assert "<h1>Documents</h1>" in page
    for name in ("Réseau", "Instances", "Médiathèques"):
        assert f">{name}</a>" in page
    # « Réseau » holds « Tutoriels et procédures »; COTECH's folder (members only) is not counted for staff.
    assert re.search(r">Réseau</a> <span class=\"meta\">1 dossier</span>", page)
    assert re.search(r">Instances</a> <span class=\"meta\">0 dossier</span>", page)


def test_the_index_counts_every_readable_sub_folder_of_a_top_folder(client_staff):
    for name in ("Médiathèque de Kerlouan", "Médiathèque de Plouguerneau", "Médiathèque de Lannilis"):
        LibraryFactory(name=name)
    page = text_of(client_staff.get(reverse("documents:index")))
    libraries = Library.objects.count()  # the staff account's own library too
    assert libraries >= 4
    assert re.search(rf">Médiathèques</a> <span class=\"meta\">{libraries} dossiers</span>", page)


def test_the_index_shows_my_folders(client_as, member, body_folder):
    library = LibraryFactory(name="Médiathèque de Plouider")
    services.folders_sync()
    referent = member(Role.REFERENTS, library=library)
    MembershipFactory(body=body_folder.access.body, person=referent, role=MembershipRole.REFERENT)
    page = text_of(client_as(referent.user).get(reverse("documents:index")))
    mine = page.split('id="my-folders"')[1].split("</section>")[0]
    assert "Comité technique" in mine and "Médiathèque de Plouider" in mine


# --- A folder -------------------------------------------------------------------------------------

def test_a_folder_shows_its_breadcrumb_readers_sub_folders_and_documents(client_staff, coordination_user,
                                                                        network_folder):
    child = FolderFactory(network_folder, "Communication")
    FolderFactory(child, "Affiches")
    make_document(child, name="Charte graphique.pdf", by=coordination_user, tags=["charte", "logo"])
    page = text_of(client_staff.get(reverse("documents:folder", args=[child.pk])))
    assert "<h1>Communication</h1>" in page
    assert re.search(r"<nav class=.breadcrumb. aria-label=.Fil d'Ariane.>.*>Documents</a>.*>Réseau</a>.*"
                     r'<li aria-current="page">Communication</li>', page)
    assert "Tout le réseau" in page
    assert ">Affiches</a>" in page
    assert "<caption>Documents de ce dossier</caption>" in page
    assert ">Charte graphique</a></th>" in page
    assert "PDF" in page and coordination_user.person.full_name in page
    assert "<li>charte</li>" in page and "<li>logo</li>" in page
    # Staff may not add to « Réseau » (Coordination only).
    assert "Ajouter un document" not in page and "Nouveau dossier" not in page


def test_who_may_add_sees_the_buttons(client_coordination, network_folder):
    page = text_of(client_coordination.get(reverse("documents:folder", args=[network_folder.pk])))
    assert reverse("documents:upload", args=[network_folder.pk]) in page
    assert reverse("documents:new_folder", args=[network_folder.pk]) in page


def test_the_documents_sort_by_title_or_date(client_staff, network_folder):
    make_document(network_folder, name="b.pdf", title="Budget")
    make_document(network_folder, name="a.pdf", title="Agenda")
    make_document(network_folder, name="c.pdf", title="Charte", modified_at=dt.datetime(2020, 5, 4, tzinfo=dt.UTC))
    by_title = text_of(client_staff.get(reverse("documents:folder", args=[network_folder.pk]) + "?sort=title"))
    assert by_title.index(">Agenda</a>") < by_title.index(">Budget</a>") < by_title.index(">Charte</a>")
    by_date = text_of(client_staff.get(reverse("documents:folder", args=[network_folder.pk])))
    # The newest first; the charter was last changed in 2020 on Drive, long before it was added.
    assert by_date.index(">Agenda</a>") < by_date.index(">Budget</a>") < by_date.index(">Charte</a>")
    assert "4 mai 2020" in by_date


def test_wagtails_root_collection_is_no_folder(client_coordination):
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    assert client_coordination.get(reverse("documents:folder", args=[root.pk])).status_code == 404


def test_many_sub_folders_are_paginated_and_filtered_by_name(client_staff, coordination_user):
    libraries = services.well_known_folder(FolderKey.LIBRARIES)
    for number in range(55):
        FolderFactory(libraries, f"Médiathèque n° {number:02d}")
    url = reverse("documents:folder", args=[libraries.pk])
    page = text_of(client_staff.get(url))
    count = libraries.get_children().count()  # the libraries of the test's accounts have theirs too
    assert count > 55 and f"{count} dossiers" in page and "Page 1 sur 2" in page
    assert ">Médiathèque n° 00</a>" in page and ">Médiathèque n° 54</a>" not in page
    assert ">Médiathèque n° 54</a>" in text_of(client_staff.get(url + "?dossiers=2"))
    filtered = text_of(client_staff.get(url + "?name=n°+5"))
    assert "5 dossiers" in filtered and ">Médiathèque n° 50</a>" in filtered
    assert ">Médiathèque n° 12</a>" not in filtered


def test_a_folder_one_may_not_read_is_404(client_volunteer, body_folder):
    assert client_volunteer.get(reverse("documents:folder", args=[body_folder.pk])).status_code == 404
    assert client_volunteer.get(reverse("documents:folder", args=[999999])).status_code == 404


def test_a_body_folder_lists_the_meeting_attachments_for_who_sees_the_body(client_as, member, body_folder,
                                                                          client_staff):
    body = body_folder.access.body
    item = AgendaItemFactory(meeting=MeetingFactory(body=body, title="COTECH de mars"))
    attachment = Attachment.objects.create(item=item, file="governance/x/budget.pdf", name="Budget 2026.pdf",
                                           content_type="application/pdf", size=2048)
    chair = member(Role.REFERENTS)
    MembershipFactory(body=body, person=chair, role=MembershipRole.CHAIR)
    page = text_of(client_as(chair.user).get(reverse("documents:folder", args=[body_folder.pk])))
    assert "Documents des réunions" in page
    assert f'href="{attachment.get_absolute_url()}">Budget 2026.pdf</a>' in page
    assert "COTECH de mars" in page


def test_a_proposals_attachment_is_listed_for_its_proposer_and_who_runs_the_body_only(client_as, member,
                                                                                      body_folder):
    body = body_folder.access.body
    chair, proposer, other = member(Role.REFERENTS), member(Role.REFERENTS), member(Role.REFERENTS)
    MembershipFactory(body=body, person=chair, role=MembershipRole.CHAIR)
    for person in (proposer, other):
        MembershipFactory(body=body, person=person, role=MembershipRole.REFERENT)
    proposal = ProposalFactory(meeting=MeetingFactory(body=body), proposer=proposer)
    Attachment.objects.create(proposal=proposal, file="governance/x/p.pdf", name="Proposition chiffrée.pdf",
                              content_type="application/pdf", size=10)
    url = reverse("documents:folder", args=[body_folder.pk])
    assert "Proposition chiffrée.pdf" in text_of(client_as(chair.user).get(url))
    assert "Proposition chiffrée.pdf" in text_of(client_as(proposer.user).get(url))
    assert "Proposition chiffrée.pdf" not in text_of(client_as(other.user).get(url))


# --- One document ---------------------------------------------------------------------------------

def test_a_document_page_shows_its_facts_download_and_pdf_preview(client_staff, coordination_user, network_folder):
    document = make_document(network_folder, name="Charte d’accueil.pdf", by=coordination_user, tags=["accueil"])
    page = text_of(client_staff.get(reverse("documents:document", args=[document.pk])))
    assert "<h1>Charte d’accueil</h1>" in page
    assert f'href="{document.url}"' in page
    assert f'<iframe class="document-preview" src="{reverse("documents:preview", args=[document.pk])}"' in page
    assert "PDF" in page and "<li>accueil</li>" in page
    assert coordination_user.person.full_name in page
    assert "Aucune page ne renvoie vers ce document." in page
    assert "Modifier" not in page  # staff did not add it


def test_an_image_is_previewed_in_an_img_and_a_word_file_not_at_all(client_staff, network_folder):
    image = make_document(network_folder, name="plan.png", content=samples.png_bytes())
    word = make_document(network_folder, name="note.docx", content=samples.docx_bytes("Note"))
    preview = reverse("documents:preview", args=[image.pk])
    assert f'<img class="document-preview document-preview--image" src="{preview}"' \
        in text_of(client_staff.get(reverse("documents:document", args=[image.pk])))
    page = text_of(client_staff.get(reverse("documents:document", args=[word.pk])))
    assert "Word" in page and "document-preview" not in page
    assert client_staff.get(reverse("documents:preview", args=[word.pk])).status_code == 404


def test_the_preview_serves_the_file_inline_framed_by_the_site_only(client_staff, network_folder):
    document = make_document(network_folder, name="Planning.pdf")
    response = client_staff.get(reverse("documents:preview", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_document_page_frames_its_preview(client_staff, network_folder):
    document = make_document(network_folder, name="Planning.pdf")
    response = client_staff.get(reverse("documents:document", args=[document.pk]))
    assert "frame-src 'self'" in response["Content-Security-Policy"]


def test_where_it_is_used_lists_the_pages_the_reader_may_read(client_staff, network_folder):
    document = make_document(network_folder, name="Règlement.pdf")
    link = f'<p>Voir le <a linktype="document" id="{document.pk}">règlement</a>.</p>'
    StandardPageFactory(title="Accueil des classes", body=[("paragraph", link)])
    page = text_of(client_staff.get(reverse("documents:document", args=[document.pk])))
    assert ">Accueil des classes</a>" in page


# --- Adding, editing, deleting ------------------------------------------------------------------------

def test_a_member_adds_a_document_to_their_body_folder(client_as, member, body_folder):
    referent = member(Role.REFERENTS)
    MembershipFactory(body=body_folder.access.body, person=referent, role=MembershipRole.REFERENT)
    client = client_as(referent.user)
    form = text_of(client.get(reverse("documents:upload", args=[body_folder.pk])))
    assert 'accept=".pdf,.docx' in form
    response = client.post(reverse("documents:upload", args=[body_folder.pk]), {
        "file": upload("Ordre du jour.pdf", samples.pdf_bytes("Ordre du jour")), "title": "", "tags": "odj, mars"})
    document = NetworkDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:document", args=[document.pk])
    assert document.collection == body_folder and document.uploaded_by_user == referent.user
    assert sorted(tag.name for tag in document.tags.all()) == ["mars", "odj"]
    assert "Document ajouté : Ordre du jour." in text_of(client.get(response["Location"]))


def test_a_fake_pdf_is_refused_with_its_reason_and_nothing_is_stored(settings, client_coordination, network_folder):
    response = client_coordination.post(reverse("documents:upload", args=[network_folder.pk]), {
        "file": upload("rapport.pdf", b"MZ\x90\x00 not a pdf"), "title": "Rapport"})
    assert response.status_code == 400
    assert "« rapport.pdf » ne contient pas ce qu'annonce son nom (un document PDF)" in text_of(response)
    assert NetworkDocument.objects.count() == 0
    private = settings.PRIVATE_MEDIA_ROOT
    assert not private.exists() or not any(path.is_file() for path in private.rglob("*"))


def test_adding_to_a_folder_one_may_not_add_to_is_403_and_to_one_unseen_404(client_staff, network_folder,
                                                                           body_folder):
    response = client_staff.post(reverse("documents:upload", args=[network_folder.pk]), {"file": upload("a.pdf")})
    assert response.status_code == 403
    assert client_staff.get(reverse("documents:new_folder", args=[network_folder.pk])).status_code == 403
    assert client_staff.post(reverse("documents:upload", args=[body_folder.pk]),
                             {"file": upload("a.pdf")}).status_code == 404
    assert NetworkDocument.objects.count() == 0


def test_staff_make_a_sub_folder_where_all_staff_add(client_staff, coordination_user, network_folder):
    services.folder_access_set(collection=network_folder, readers=Readers.NETWORK, writers=Writers.STAFF,
                               by=coordination_user)
    response = client_staff.post(reverse("documents:new_folder", args=[network_folder.pk]), {"name": "Affiches"})
    child = network_folder.get_children().get(name="Affiches")
    assert response["Location"] == reverse("documents:folder", args=[child.pk])
    again = client_staff.post(reverse("documents:new_folder", args=[network_folder.pk]), {"name": "affiches"})
    assert again.status_code == 400
    assert "Ce dossier contient déjà un dossier nommé « affiches »." in text_of(again)


def test_coordination_edits_the_title_and_tags(client_coordination, network_folder):
    document = make_document(network_folder, name="vieux.pdf", tags=["ancien"])
    response = client_coordination.post(reverse("documents:edit", args=[document.pk]),
                                        {"title": "Charte 2026", "tags": "charte, 2026"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Charte 2026"
    assert sorted(tag.name for tag in document.tags.all()) == ["2026", "charte"]


def test_an_empty_title_is_refused(client_coordination, network_folder):
    document = make_document(network_folder, name="vieux.pdf")
    response = client_coordination.post(reverse("documents:edit", args=[document.pk]), {"title": "", "tags": ""})
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.title == "vieux"


def test_delete_asks_then_deletes(client_coordination, network_folder):
    document = make_document(network_folder, name="vieux.pdf")
    confirm = text_of(client_coordination.get(reverse("documents:delete", args=[document.pk])))
    assert "Supprimer le document" in confirm and NetworkDocument.objects.filter(pk=document.pk).exists()
    response = client_coordination.post(reverse("documents:delete", args=[document.pk]))
    assert response["Location"] == reverse("documents:folder", args=[network_folder.pk])
    assert not NetworkDocument.objects.filter(pk=document.pk).exists()


def test_who_did_not_add_it_may_not_edit_nor_delete(client_staff, network_folder):
    document = make_document(network_folder, name="vieux.pdf")
    assert client_staff.get(reverse("documents:edit", args=[document.pk])).status_code == 403
    assert client_staff.post(reverse("documents:delete", args=[document.pk])).status_code == 403
    assert NetworkDocument.objects.filter(pk=document.pk).exists()


# --- The library page -----------------------------------------------------------------------------

def test_the_library_page_links_to_its_folder_for_who_may_read_it(client_staff, client_volunteer):
    library = LibraryFactory(name="Médiathèque de Lesneven")
    folder = services.home_folder_of(library=library)
    url = reverse("directory:library", args=[library.slug])
    assert f'href="{reverse("documents:folder", args=[folder.pk])}"' in text_of(client_staff.get(url))
    assert reverse("documents:folder", args=[folder.pk]) not in text_of(client_volunteer.get(url))


def test_where_it_is_used_leaves_out_pages_the_reader_may_not_read(client_staff, client_coordination,
                                                                    network_folder):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    document = make_document(network_folder, name="Règlement.pdf")
    link = f'<p><a linktype="document" id="{document.pk}">règlement</a></p>'
    page = StandardPageFactory(title="Note réservée à la coordination", body=[("paragraph", link)])
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name=Role.COORDINATION.value)])
    url = reverse("documents:document", args=[document.pk])
    assert "Note réservée à la coordination" not in text_of(client_staff.get(url))
    assert ">Note réservée à la coordination</a>" in text_of(client_coordination.get(url))


def test_a_file_over_the_size_limit_is_refused_with_the_limit(settings, client_coordination, network_folder):
    settings.DOCUMENTS_MAX_BYTES = 1000
    response = client_coordination.post(reverse("documents:upload", args=[network_folder.pk]), {
        "file": upload("gros.pdf", samples.pdf_bytes("x" * 4000))})
    assert response.status_code == 400
    assert "« gros.pdf » est trop volumineux" in text_of(response)
    assert NetworkDocument.objects.count() == 0


def test_strangers_are_sent_to_the_login_page(client, network_folder):
    document = make_document(network_folder)
    for url in (reverse("documents:index"), reverse("documents:preview", args=[document.pk]),
                reverse("documents:document", args=[document.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response["Location"]
