"""THE audience rule: staff read every page, volunteers theirs and everyone's, anyone else everyone's."""

import pytest

from intranet.roles import Role
from tests.tutorials.factories import TutorialFactory
from tutorials.models import Audience, TutorialPage

pytestmark = pytest.mark.django_db

SEEN = {
    Role.COORDINATION: {"everyone", "staff", "volunteers"},
    Role.REFERENTS: {"everyone", "staff", "volunteers"},
    Role.STAFF: {"everyone", "staff", "volunteers"},
    Role.VOLUNTEERS: {"everyone", "volunteers"},
    Role.ELECTED: {"everyone"},
}


@pytest.mark.parametrize("role", SEEN, ids=lambda role: role.name.lower())
def test_each_role_reads_the_audiences_meant_for_it(role, account):
    for audience in Audience.values:
        TutorialFactory(title=f"Pour {audience}", audience=audience)

    shown = TutorialPage.objects.visible_to(account(role)).values_list("audience", flat=True)

    assert set(shown) == SEEN[role]
