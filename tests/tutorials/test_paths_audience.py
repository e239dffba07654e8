"""The audience rule of paths (TrainingPathPage.objects.visible_to, the tutorials' audiences_for):
lists, the site's search and the admin leave out a path someone may not read."""

import pytest
from django.urls import reverse

from intranet.roles import Role
from tests.tutorials.factories import PathFactory
from tutorials.models import Audience, TrainingPathPage

pytestmark = pytest.mark.django_db

SEEN = {
    Role.COORDINATION: {"everyone", "staff", "volunteers"},
    Role.REFERENTS: {"everyone", "staff", "volunteers"},
    Role.STAFF: {"everyone", "staff", "volunteers"},
    Role.VOLUNTEERS: {"everyone", "volunteers"},
    Role.ELECTED: {"everyone"},
}


@pytest.mark.parametrize("role", SEEN, ids=lambda role: role.name.lower())
def test_each_role_reads_the_paths_meant_for_it(role, account):
    for audience in Audience.values:
        PathFactory(title=f"Parcours {audience}", audience=audience)
    shown = TrainingPathPage.objects.visible_to(account(role)).values_list("audience", flat=True)
    assert set(shown) == SEEN[role]


def test_the_site_search_does_not_find_a_path_for_staff_as_a_volunteer(client_volunteer, client_staff):
    PathFactory(title="Catalogage RAMEAU", audience=Audience.STAFF, introduction="Indexer avec RAMEAU.")
    search = reverse("search")
    assert "Catalogage RAMEAU" not in client_volunteer.get(search, {"q": "RAMEAU"}).content.decode()
    assert "Catalogage RAMEAU" in client_staff.get(search, {"q": "RAMEAU"}).content.decode()


def test_the_admin_hides_a_path_outside_the_readers_audience(client_as, member):
    from intranet.page_permissions import page_visible_to

    staff_path = PathFactory(title="Catalogage RAMEAU", audience=Audience.STAFF)
    volunteer = member(Role.VOLUNTEERS).user
    assert not page_visible_to(volunteer, staff_path)
    assert page_visible_to(member(Role.STAFF).user, staff_path)


def test_coordination_edits_a_path_and_its_steps_in_the_admin(client_coordination):
    from django.urls import reverse

    from tutorials.models import PathIndexPage

    path = PathFactory(title="Médiation numérique")
    section = PathIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["tutorials", "trainingpathpage", section.pk])
    assert client_coordination.get(add).status_code == 200
    edit = client_coordination.get(reverse("wagtailadmin_pages:edit", args=[path.pk]))
    assert edit.status_code == 200
    assert "Prêter un document" in edit.content.decode()
