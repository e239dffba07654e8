"""Who sees what in the « Documents » section, for each of the five roles: a network folder, a
COTECH folder for its members only, a library's folder (all staff) and the folder of the
volunteer's own library made members-only. The folder page, the search, the document's page, its
preview and Wagtail's own file URL agree: 200 for who may read, 404 for everyone else."""

import pytest
from django.urls import reverse

from documents import services
from documents.models import Readers, Writers
from intranet.roles import Role
from tests.factories import LibraryFactory

from .factories import make_document

pytestmark = pytest.mark.django_db

STAFF_ROLES = {Role.COORDINATION, Role.REFERENTS, Role.STAFF}


@pytest.fixture
def folders(network_folder, body_folder, account, coordination_user):
    volunteer_library = account(Role.VOLUNTEERS).person.library
    own = services.home_folder_of(library=volunteer_library)
    services.folder_access_set(collection=own, readers=Readers.MEMBERS, writers=Writers.MEMBERS,
                               by=coordination_user)
    return {
        "network": network_folder,
        "cotech": body_folder,
        "library": services.home_folder_of(library=LibraryFactory(name="Médiathèque de Guissény")),
        "volunteer_library": own,
    }


def expected(role: Role, user, which: str, volunteer_library_id: int) -> bool:
    if role == Role.COORDINATION or which == "network":
        return True
    if which == "cotech":
        return False  # none of the role accounts sits on the committee
    if which == "library":
        return role in STAFF_ROLES
    return user.person.library_id == volunteer_library_id


@pytest.mark.parametrize("which", ["network", "cotech", "library", "volunteer_library"])
def test_each_role_reads_the_folders_it_may_and_gets_404_for_the_others(as_each_role, folders, which):
    folder = folders[which]
    document = make_document(folder, name=f"Zorglub {which}.pdf")
    may = expected(as_each_role.role, as_each_role.user, which, folders["volunteer_library"].access.library_id)
    client, status = as_each_role.client, 200 if may else 404
    assert client.get(reverse("documents:folder", args=[folder.pk])).status_code == status
    assert client.get(reverse("documents:document", args=[document.pk])).status_code == status
    assert client.get(reverse("documents:preview", args=[document.pk])).status_code == status
    assert client.get(document.url).status_code == status
    found = client.get(reverse("documents:search"), {"q": "zorglub"}).content.decode()
    assert (f'href="{reverse("documents:document", args=[document.pk])}"' in found) is may


def test_the_volunteer_reads_their_own_librarys_members_only_folder(client_volunteer, folders):
    folder = folders["volunteer_library"]
    assert client_volunteer.get(reverse("documents:folder", args=[folder.pk])).status_code == 200
