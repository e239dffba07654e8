"""The demo data of paths: three paths, the demo volunteer following « Bénévole : premiers pas » with
the demo referent as mentor (some steps done, one waiting), other people at every stage; idempotent."""

import io

import pytest
from django.core.management import call_command

from intranet.demo import DEMO_ACCOUNTS
from intranet.roles import Role
from tutorials.models import Enrolment, StepProgress, StepStatus, TrainingPathPage

pytestmark = pytest.mark.django_db


def test_the_demo_paths_and_the_demo_volunteers_enrolment(demo_network, client_as):
    assert set(TrainingPathPage.objects.live().values_list("title", flat=True)) == {
        "Bénévole : premiers pas", "Catalogage RAMEAU", "Médiation numérique"}
    enrolment = Enrolment.objects.get(person__user__email=DEMO_ACCOUNTS[Role.VOLUNTEERS],
                                      path__title="Bénévole : premiers pas")
    assert enrolment.mentor.user.email == DEMO_ACCOUNTS[Role.REFERENTS]
    statuses = list(StepProgress.objects.filter(enrolment=enrolment).values_list("status", flat=True))
    assert statuses.count(StepStatus.WAITING) == 1
    assert len([status for status in statuses if status in (StepStatus.DONE, StepStatus.VALIDATED)]) == 3
    # People at different stages, some completed.
    assert Enrolment.objects.filter(completed_at__isnull=False).exists()
    assert Enrolment.objects.filter(completed_at__isnull=True, progress__isnull=True).exists()
    # The referent finds the demo volunteer's step waiting in « Mes bénévoles ».
    html = client_as(enrolment.mentor).get("/formation/mes-benevoles/").content.decode()
    assert enrolment.person.full_name in html


def test_seeding_again_changes_nothing(demo_network):
    counts = (Enrolment.objects.count(), StepProgress.objects.count(), TrainingPathPage.objects.count())
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert (Enrolment.objects.count(), StepProgress.objects.count(), TrainingPathPage.objects.count()) == counts


def test_who_may_validate_the_demo_volunteers_waiting_step_among_the_five_demo_accounts(demo_network, client_as):
    from django.urls import reverse

    from intranet.models import User

    enrolment = Enrolment.objects.get(person__user__email=DEMO_ACCOUNTS[Role.VOLUNTEERS],
                                      path__title="Bénévole : premiers pas")
    waiting = StepProgress.objects.get(enrolment=enrolment, status=StepStatus.WAITING)
    url = reverse("tutorials:step_validate", args=[enrolment.pk, waiting.step_id])
    undo = reverse("tutorials:step_undo", args=[enrolment.pk, waiting.step_id])

    def as_role(role):
        return client_as(User.objects.get(email=DEMO_ACCOUNTS[role]))

    # Not their volunteer (404: nothing to see), their own step (403): nothing changes.
    for role, status in ((Role.STAFF, 404), (Role.ELECTED, 404), (Role.VOLUNTEERS, 403)):
        assert as_role(role).post(url).status_code == status, role
        waiting.refresh_from_db()
        assert waiting.status == StepStatus.WAITING
    # The mentor (the demo referent) validates; Coordination may too.
    assert as_role(Role.REFERENTS).post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == StepStatus.VALIDATED
    assert as_role(Role.REFERENTS).post(undo).status_code == 302
    assert as_role(Role.COORDINATION).post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == StepStatus.VALIDATED and waiting.reviewed_by.user.email == DEMO_ACCOUNTS[Role.COORDINATION]


def test_some_demo_enrolments_are_late(demo_network, client_coordination):
    from django.utils import timezone

    assert Enrolment.objects.open().filter(target_date__lt=timezone.localdate()).exists()
    html = client_coordination.get("/formation/parcours/inscriptions/", {"status": "en-retard"}).content.decode()
    assert "En retard" in html
