"""The document library's foundation: the folders follow the network, who may read and add to
which folder, documents stored privately and checked on content, and Wagtail's own file URL closed
to who may not read the folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from documents import permissions, samples, services
from documents.forms import DocumentAdminForm
from documents.models import FolderAccess, FolderKey, NetworkDocument, Owner, Readers, Writers
from governance.models import MembershipRole, ReadingRule
from intranet.roles import Role
from tests.factories import LibraryFactory
from tests.governance.factories import BodyFactory, MembershipFactory

from .factories import FolderFactory, make_document, upload

pytestmark = pytest.mark.django_db


# --- The folders follow the network ------------------------------------------------------------------

def test_migrate_made_the_network_folders():
    names = {access.key: access.collection.name for access in FolderAccess.objects.exclude(key="")}
    assert names == {"network": "Réseau", "tutorials": "Tutoriels et procédures", "bodies": "Instances",
                     "libraries": "Médiathèques"}


def test_a_new_body_gets_its_folder_under_instances_readable_as_its_minutes():
    body = BodyFactory(title="Groupe de travail Jeunesse", reading_rule=ReadingRule.MEMBERS)
    folder = services.home_folder_of(body=body)
    assert folder.get_parent() == services.well_known_folder(FolderKey.BODIES)
    assert folder.name == "Groupe de travail Jeunesse"
    assert (folder.access.owner, folder.access.readers, folder.access.writers) == (
        Owner.BODY, Readers.MEMBERS, Writers.MEMBERS)


def test_a_new_library_gets_its_folder_under_mediatheques():
    library = LibraryFactory(name="Médiathèque de Kerlouan")
    folder = services.home_folder_of(library=library)
    assert folder.get_parent() == services.well_known_folder(FolderKey.LIBRARIES)
    assert folder.access.library == library
    assert folder.access.readers == Readers.STAFF


def test_folders_sync_is_idempotent():
    LibraryFactory()
    services.folders_sync()
    count = Collection.objects.count()
    assert services.folders_sync() == {"network": 0, "bodies": 0, "libraries": 0}
    assert Collection.objects.count() == count


def test_a_sub_folder_inherits_and_follows_its_parents_access(network_folder, coordination_user):
    child = FolderFactory(network_folder, "Communication")
    grandchild = FolderFactory(child, "Affiches")
    assert grandchild.access.inherited and grandchild.access.readers == Readers.NETWORK
    services.folder_access_set(collection=network_folder, readers=Readers.STAFF, writers=Writers.STAFF,
                               by=coordination_user)
    grandchild.access.refresh_from_db()
    assert (grandchild.access.readers, grandchild.access.writers) == (Readers.STAFF, Writers.STAFF)


def test_a_folder_made_in_the_admin_inherits_too(network_folder):
    made = network_folder.add_child(instance=Collection(name="Fait dans l’admin"))
    assert FolderAccess.objects.get(collection=made).readers == Readers.NETWORK


def test_a_folder_name_already_used_by_a_sibling_is_refused(network_folder, coordination_user):
    services.folder_create(parent=network_folder, name="Affiches", by=coordination_user)
    with pytest.raises(services.Refused):
        services.folder_create(parent=network_folder, name="affiches", by=coordination_user)


# --- Who reads and adds ------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "reads_network", "reads_cotech", "reads_library"), [
    (Role.COORDINATION, True, True, True),
    (Role.REFERENTS, True, False, True),
    (Role.STAFF, True, False, True),
    (Role.VOLUNTEERS, True, False, False),
    (Role.ELECTED, True, False, False),
])
def test_who_reads_which_folder(account, body_folder, network_folder, role, reads_network, reads_cotech,
                                reads_library):
    library_folder = services.home_folder_of(library=LibraryFactory())
    user = account(role)
    assert permissions.can_read_folder(user, network_folder) is reads_network
    assert permissions.can_read_folder(user, body_folder) is reads_cotech
    assert permissions.can_read_folder(user, library_folder) is reads_library


def test_members_of_a_body_read_and_add_to_its_members_only_folder(member, body_folder):
    referent = member(Role.REFERENTS)
    MembershipFactory(body=body_folder.access.body, person=referent, role=MembershipRole.REFERENT)
    user = referent.user
    assert permissions.can_read_folder(user, body_folder)
    assert permissions.can_add_to(user, body_folder)
    assert not permissions.can_add_to(user, services.well_known_folder(FolderKey.NETWORK))


def test_the_people_of_a_library_read_its_members_only_folder_and_others_do_not(member, coordination_user):
    library = LibraryFactory()
    folder = services.home_folder_of(library=library)
    services.folder_access_set(collection=folder, readers=Readers.MEMBERS, writers=Writers.MEMBERS,
                               by=coordination_user)
    volunteer_here, staff_elsewhere = member(Role.VOLUNTEERS, library=library).user, member(Role.STAFF).user
    assert permissions.can_read_folder(volunteer_here, folder)
    assert permissions.can_add_to(volunteer_here, folder)
    assert not permissions.can_read_folder(staff_elsewhere, folder)


def test_only_coordination_sets_a_folders_access(staff_user, network_folder):
    with pytest.raises(services.NotAllowed):
        services.folder_access_set(collection=network_folder, readers=Readers.STAFF, writers=Writers.STAFF,
                                   by=staff_user)


def test_a_network_folder_cannot_be_members_only(coordination_user, network_folder):
    with pytest.raises(services.Refused):
        services.folder_access_set(collection=network_folder, readers=Readers.MEMBERS, writers=Writers.STAFF,
                                   by=coordination_user)
    assert FolderAccess.objects.get(collection=network_folder).readers == Readers.NETWORK


# --- Documents ----------------------------------------------------------------------------------------

def test_a_document_is_stored_privately_with_its_text_hash_and_size(settings, network_folder, coordination_user):
    document = services.document_add(collection=network_folder, by=coordination_user, title="",
                                     upload=upload("Charte d’accueil.pdf", samples.pdf_bytes("Accueil du public")))
    assert document.title == "Charte d’accueil"
    assert "Accueil du public" in document.text
    assert len(document.file_hash) == 40 and document.file_size > 0
    assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not (settings.MEDIA_ROOT / document.file.name).exists()


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_kept(settings, network_folder,
                                                                              coordination_user):
    with pytest.raises(services.UploadRefused) as refused:
        services.document_add(collection=network_folder, by=coordination_user,
                              upload=upload("rapport.pdf", b"MZ\x90\x00 not a pdf"))
    assert "rapport.pdf" in refused.value.message
    assert NetworkDocument.objects.count() == 0
    private = settings.PRIVATE_MEDIA_ROOT
    assert not private.exists() or not any(path.is_file() for path in private.rglob("*"))


def test_adding_to_a_folder_one_may_not_add_to_is_not_allowed(staff_user, network_folder):
    with pytest.raises(services.NotAllowed):
        services.document_add(collection=network_folder, by=staff_user, upload=upload("note.pdf"))


def test_the_admin_form_checks_the_content_too(coordination_user, network_folder):
    Form = __import__("wagtail.documents.forms", fromlist=["get_document_form"]).get_document_form(NetworkDocument)
    assert issubclass(Form, DocumentAdminForm)
    form = Form(data={"title": "Faux", "collection": network_folder.pk},
                files={"file": SimpleUploadedFile("faux.pdf", b"<html>not a pdf</html>")}, user=coordination_user)
    assert not form.is_valid()
    assert "faux.pdf" in str(form.errors["file"])


# --- Wagtail's file URL ------------------------------------------------------------------------------

def test_the_file_url_serves_readers_and_answers_404_to_others(client_as, account, body_folder, member):
    document = make_document(body_folder, name="Ordre du jour.pdf")
    url = document.url
    assert url == reverse("wagtaildocs_serve", args=[document.pk, document.filename])
    chair = member(Role.REFERENTS)
    MembershipFactory(body=body_folder.access.body, person=chair, role=MembershipRole.CHAIR)
    response = client_as(chair.user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client_as(account(Role.VOLUNTEERS)).get(url).status_code == 404
    assert client_as(account(Role.STAFF)).get(url).status_code == 404


def test_the_file_url_sends_strangers_to_the_login_page(client, network_folder):
    document = make_document(network_folder)
    response = client.get(document.url)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
