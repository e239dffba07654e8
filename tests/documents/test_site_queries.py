"""The pages of the « Documents » section run the same number of queries at 1x and 10x documents
and sub-folders (DESIGN §7)."""

import pytest
from django.urls import reverse

from documents import samples, services
from documents.models import FolderKey
from governance.models import Attachment, MembershipRole
from intranet.roles import Role
from tests.factories import StandardPageFactory
from tests.governance.factories import AgendaItemFactory, MeetingFactory, MembershipFactory

from .factories import FolderFactory, make_document

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def fill(folder, scale: int, *, by=None) -> list:
    documents = []
    for number in range(3 * scale):
        FolderFactory(folder, f"Sous-dossier {number}")
        documents.append(make_document(folder, name=f"Compte rendu {number}.pdf", by=by,
                                       content=samples.pdf_bytes(f"Compte rendu {number}"),
                                       tags=[f"tag{number}", "réunion"]))
    return documents


@pytest.mark.parametrize("scale", [1, 10])
def test_index_queries_do_not_grow(client_staff, scale, django_assert_max_num_queries):
    for key in (FolderKey.NETWORK, FolderKey.LIBRARIES):
        fill(services.well_known_folder(key), scale)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client_staff.get(reverse("documents:index")).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_folder_queries_do_not_grow(client_as, member, body_folder, coordination_user, scale,
                                    django_assert_max_num_queries):
    chair = member(Role.REFERENTS)
    MembershipFactory(body=body_folder.access.body, person=chair, role=MembershipRole.CHAIR)
    fill(body_folder, scale, by=coordination_user)
    for number in range(scale):
        item = AgendaItemFactory(meeting=MeetingFactory(body=body_folder.access.body))
        Attachment.objects.create(item=item, file=f"governance/x/{number}.pdf", name=f"{number}.pdf",
                                  content_type="application/pdf", size=10)
    client = client_as(chair.user)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(reverse("documents:folder", args=[body_folder.pk]))
    assert page.status_code == 200 and b"Compte rendu " in page.content


@pytest.mark.parametrize("scale", [1, 10])
def test_search_queries_do_not_grow(client_staff, network_folder, coordination_user, scale,
                                    django_assert_max_num_queries):
    fill(network_folder, scale, by=coordination_user)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client_staff.get(reverse("documents:search"), {"q": "compte rendu"})
    assert page.status_code == 200 and b"Compte rendu " in page.content


@pytest.mark.parametrize("scale", [1, 10])
def test_document_queries_do_not_grow(client_staff, network_folder, coordination_user, scale,
                                      django_assert_max_num_queries):
    deep = network_folder
    for depth in range(scale):
        deep = FolderFactory(deep, f"Niveau {depth}")
    document = fill(deep, scale, by=coordination_user)[0]
    for number in range(scale):
        link = f'<p><a linktype="document" id="{document.pk}">le compte rendu</a></p>'
        StandardPageFactory(title=f"Page {number}", body=[("paragraph", link)])
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client_staff.get(reverse("documents:document", args=[document.pk]))
    assert page.status_code == 200 and b"Page 0" in page.content
