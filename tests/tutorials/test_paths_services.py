"""The whole path flow through the services: enrol, mark done, validate, send back, undo, complete,
withdraw; who may do each; the emails; and the database's last word."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from intranet.roles import Role
from tests.factories import LibraryFactory
from tests.tutorials.factories import PathFactory, path_step
from tutorials.errors import NotAllowed, Refused
from tutorials.models import Audience, Enrolment, StepKind, StepProgress, StepStatus
from tutorials.services import paths as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Kervigen")


@pytest.fixture
def people(member, library):
    class People:
        learner = member(Role.VOLUNTEERS, first_name="Katell", library=library)
        mentor = member(Role.STAFF, first_name="Yann", library=library)
        referent = member(Role.REFERENTS, first_name="Rozenn", library=library)
        coordination = member(Role.COORDINATION, first_name="Claire")
        other_staff = member(Role.STAFF, first_name="Hervé", library=LibraryFactory())
        elected = member(Role.ELECTED, first_name="Soizic", library=library)

    return People


@pytest.fixture
def path():
    return PathFactory(title="Bénévole : premiers pas")


@pytest.fixture
def enrolment(people, path):
    return services.enrolment_create(path=path, person=people.learner, mentor=people.mentor, by=people.referent,
                                     target_date=timezone.localdate() + dt.timedelta(weeks=6))


def steps(path):
    return list(path.steps.order_by("sort_order"))


def status_of(enrolment, step) -> str:
    return StepProgress.objects.get(enrolment=enrolment, step=step).status


# --- enrolment ------------------------------------------------------------------------------------


def test_a_referent_enrols_a_volunteer_of_their_library(enrolment, people):
    assert enrolment.person == people.learner and enrolment.mentor == people.mentor
    assert enrolment.enrolled_by == people.referent and enrolment.enrolled_at == timezone.now()


def test_a_referent_may_not_enrol_someone_of_another_library(people, path, member):
    stranger = member(Role.VOLUNTEERS, library=LibraryFactory())
    with pytest.raises(NotAllowed):
        services.enrolment_create(path=path, person=stranger, mentor=people.mentor, by=people.referent)
    assert not Enrolment.objects.exists()


def test_coordination_enrols_anyone(people, path, member):
    stranger = member(Role.VOLUNTEERS, library=LibraryFactory())
    enrolment = services.enrolment_create(path=path, person=stranger, mentor=people.mentor, by=people.coordination)
    assert enrolment.person == stranger


@pytest.mark.parametrize("enroller", ["mentor", "learner", "elected"])
def test_staff_volunteers_and_elected_officials_may_not_enrol_others(people, path, enroller):
    someone = people.learner if enroller != "learner" else people.mentor
    with pytest.raises(NotAllowed):
        services.enrolment_create(path=path, person=someone, mentor=people.referent, by=getattr(people, enroller))
    assert not Enrolment.objects.exists()


def test_a_person_enrols_themself_in_an_open_path_with_their_own_mentor(people):
    people.learner.mentor = people.mentor
    people.learner.save()
    open_path = PathFactory(title="Médiation numérique", self_enrolment=True, duration_weeks=6)
    enrolment = services.enrolment_create(path=open_path, person=people.learner, by=people.learner)
    assert enrolment.mentor == people.mentor
    assert enrolment.target_date == timezone.localdate() + dt.timedelta(weeks=6)


def test_nobody_enrols_themself_in_a_closed_path(people, path):
    with pytest.raises(NotAllowed):
        services.enrolment_create(path=path, person=people.learner, by=people.learner)


def test_the_mentor_must_be_staff(people, path, member):
    other_volunteer = member(Role.VOLUNTEERS, library=people.learner.library)
    with pytest.raises(Refused) as refused:
        services.enrolment_create(path=path, person=people.learner, mentor=other_volunteer, by=people.referent)
    assert refused.value.field == "mentor"
    assert not Enrolment.objects.exists()


def test_the_target_date_may_not_be_in_the_past(people, path):
    with pytest.raises(Refused) as refused:
        services.enrolment_create(path=path, person=people.learner, mentor=people.mentor, by=people.referent,
                                  target_date=timezone.localdate() - dt.timedelta(days=1))
    assert refused.value.field == "target_date"


def test_a_path_outside_the_learners_audience_is_refused(people):
    staff_path = PathFactory(title="Catalogage RAMEAU", audience=Audience.STAFF)
    with pytest.raises(Refused):
        services.enrolment_create(path=staff_path, person=people.learner, mentor=people.mentor, by=people.referent)


def test_one_open_enrolment_per_person_and_path(enrolment, people, path):
    with pytest.raises(Refused):
        services.enrolment_create(path=path, person=people.learner, mentor=people.mentor, by=people.referent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(person=people.learner, path=path, enrolled_at=timezone.now())
    assert Enrolment.objects.count() == 1


def test_after_withdrawing_a_person_may_be_enrolled_again(enrolment, people, path):
    services.enrolment_withdraw(enrolment=enrolment, by=people.learner)
    again = services.enrolment_create(path=path, person=people.learner, mentor=people.mentor, by=people.referent)
    assert again.pk != enrolment.pk and Enrolment.objects.count() == 2


# --- marking done, validating, sending back -------------------------------------------------------


def test_the_whole_flow_until_completion(enrolment, people, path, clock):
    alone, validated, session = steps(path)
    assert services.step_mark_done(enrolment=enrolment, step=alone, by=people.learner).status == StepStatus.DONE
    assert services.step_mark_done(enrolment=enrolment, step=validated, by=people.learner).status == \
        StepStatus.WAITING
    services.step_send_back(enrolment=enrolment, step=validated, by=people.mentor, comment="Refaire un prêt.")
    assert status_of(enrolment, validated) == StepStatus.SENT_BACK
    services.step_mark_done(enrolment=enrolment, step=validated, by=people.learner)
    services.step_mark_done(enrolment=enrolment, step=session, by=people.learner)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # one step still waits for validation
    clock.shift(days=2)
    services.step_validate(enrolment=enrolment, step=validated, by=people.mentor)
    enrolment.refresh_from_db()
    assert enrolment.completed_at == timezone.now()
    progress = StepProgress.objects.get(enrolment=enrolment, step=validated)
    assert progress.status == StepStatus.VALIDATED and progress.reviewed_by == people.mentor


def test_only_the_learner_marks_their_steps_done(enrolment, people, path):
    for someone in (people.mentor, people.coordination, people.referent):
        with pytest.raises(NotAllowed):
            services.step_mark_done(enrolment=enrolment, step=steps(path)[0], by=someone)
    assert not StepProgress.objects.exclude(status=StepStatus.TODO).exists()


@pytest.mark.parametrize(("who", "allowed"), [
    ("mentor", True), ("coordination", True), ("referent", False), ("other_staff", False), ("learner", False),
    ("elected", False),
])
def test_who_may_validate_whom(enrolment, people, path, who, allowed):
    step = steps(path)[1]
    services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    if allowed:
        services.step_validate(enrolment=enrolment, step=step, by=getattr(people, who))
        assert status_of(enrolment, step) == StepStatus.VALIDATED
    else:
        with pytest.raises(NotAllowed):
            services.step_validate(enrolment=enrolment, step=step, by=getattr(people, who))
        assert status_of(enrolment, step) == StepStatus.WAITING


def test_nobody_validates_their_own_step_not_even_coordination(people):
    path = PathFactory(audience=Audience.STAFF)
    enrolment = services.enrolment_create(path=path, person=people.coordination, mentor=people.mentor,
                                          by=people.coordination)
    step = steps(path)[1]
    services.step_mark_done(enrolment=enrolment, step=step, by=people.coordination)
    with pytest.raises(NotAllowed):
        services.step_validate(enrolment=enrolment, step=step, by=people.coordination)
    assert status_of(enrolment, step) == StepStatus.WAITING


def test_sending_back_needs_a_comment_and_changes_nothing_without(enrolment, people, path):
    step = steps(path)[1]
    services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    mail.outbox.clear()
    with pytest.raises(Refused):
        services.step_send_back(enrolment=enrolment, step=step, by=people.mentor, comment="  ")
    assert status_of(enrolment, step) == StepStatus.WAITING
    assert not mail.outbox


def test_a_step_not_waiting_cannot_be_validated(enrolment, people, path):
    with pytest.raises(Refused):
        services.step_validate(enrolment=enrolment, step=steps(path)[1], by=people.mentor)


def test_a_step_of_another_path_is_refused(enrolment, people):
    other = PathFactory()
    with pytest.raises(Refused):
        services.step_mark_done(enrolment=enrolment, step=steps(other)[0], by=people.learner)


def test_undo_reopens_a_completed_path(people):
    path = PathFactory(steps=[path_step("Lire la charte")])
    enrolment = services.enrolment_create(path=path, person=people.learner, mentor=people.mentor, by=people.referent)
    services.step_mark_done(enrolment=enrolment, step=steps(path)[0], by=people.learner)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    services.step_undo(enrolment=enrolment, step=steps(path)[0], by=people.learner)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None and status_of(enrolment, steps(path)[0]) == StepStatus.TODO


def test_the_learner_cannot_undo_a_validation_the_mentor_can(enrolment, people, path):
    step = steps(path)[1]
    services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    services.step_validate(enrolment=enrolment, step=step, by=people.mentor)
    with pytest.raises(NotAllowed):
        services.step_undo(enrolment=enrolment, step=step, by=people.learner)
    services.step_undo(enrolment=enrolment, step=step, by=people.mentor)
    assert status_of(enrolment, step) == StepStatus.WAITING


def test_enrolment_complete_refuses_an_unfinished_path(enrolment):
    with pytest.raises(Refused):
        services.enrolment_complete(enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_a_withdrawn_enrolment_takes_no_more_progress(enrolment, people, path):
    services.enrolment_withdraw(enrolment=enrolment, by=people.referent)
    with pytest.raises(Refused):
        services.step_mark_done(enrolment=enrolment, step=steps(path)[0], by=people.learner)


def test_staff_of_another_library_may_not_withdraw(enrolment, people):
    with pytest.raises(NotAllowed):
        services.enrolment_withdraw(enrolment=enrolment, by=people.other_staff)
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None


# --- emails ---------------------------------------------------------------------------------------


def test_the_mentor_is_told_when_a_step_waits(enrolment, people, path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.step_mark_done(enrolment=enrolment, step=steps(path)[0], by=people.learner)
    assert not mail.outbox  # a step done alone waits for nobody
    with django_capture_on_commit_callbacks(execute=True):
        services.step_mark_done(enrolment=enrolment, step=steps(path)[1], by=people.learner)
    [message] = mail.outbox
    assert message.to == [people.mentor.user.email]
    assert "Prêter un document" in message.subject and "Katell" in message.subject
    assert "/formation/mes-benevoles/" in message.body


def test_the_learner_is_told_when_validated_or_sent_back(enrolment, people, path,
                                                         django_capture_on_commit_callbacks):
    step = steps(path)[1]
    services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    with django_capture_on_commit_callbacks(execute=True):
        services.step_send_back(enrolment=enrolment, step=step, by=people.mentor, comment="Il manque le retour.")
    [sent_back] = mail.outbox
    assert sent_back.to == [people.learner.user.email] and "Il manque le retour." in sent_back.body
    services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.step_validate(enrolment=enrolment, step=step, by=people.mentor, comment="Parfait.")
    [validated] = mail.outbox
    assert validated.to == [people.learner.user.email] and "Parfait." in validated.body


# --- the database's last word ---------------------------------------------------------------------


def test_one_progress_row_per_enrolment_and_step(enrolment, path):
    step = steps(path)[0]
    StepProgress.objects.create(enrolment=enrolment, step=step)
    with pytest.raises(IntegrityError), transaction.atomic():
        StepProgress.objects.create(enrolment=enrolment, step=step)


def test_a_step_sent_back_carries_a_comment(enrolment, path):
    with pytest.raises(IntegrityError), transaction.atomic():
        StepProgress.objects.create(enrolment=enrolment, step=steps(path)[0], status=StepStatus.SENT_BACK,
                                    reviewed_at=timezone.now())


def test_a_session_step_is_booked_through_the_rooms_rules(enrolment, people, path):
    from calendar_sync.models import Booking
    from tests.calendar_sync.factories import RoomFactory

    room = RoomFactory(library=people.learner.library, capacity=2)
    session = steps(path)[2]
    assert session.kind == StepKind.SESSION
    start = timezone.make_aware(dt.datetime(2026, 3, 12, 10, 0))
    booking = services.step_book_room(enrolment=enrolment, step=session, by=people.mentor, room=room,
                                      start=start, end=start + dt.timedelta(hours=2), title="Atelier d'accueil")
    assert StepProgress.objects.get(enrolment=enrolment, step=session).booking == booking
    with pytest.raises(services.booking_services.BookingConflict):
        services.step_book_room(enrolment=enrolment, step=session, by=people.mentor, room=room,
                                start=start, end=start + dt.timedelta(hours=1), title="Doublon")
    with pytest.raises(services.booking_services.BookingRefused):
        services.step_book_room(enrolment=enrolment, step=session, by=people.mentor, room=room,
                                start=start - dt.timedelta(days=7), end=start - dt.timedelta(days=7, hours=-1),
                                title="Passé")
    assert Booking.objects.count() == 1


def test_a_new_revision_of_the_path_keeps_its_steps_and_their_progress(enrolment, people, path):
    first = steps(path)[0]
    services.step_mark_done(enrolment=enrolment, step=first, by=people.learner)
    page = path.specific.get_latest_revision_as_object()
    kept = list(page.steps.all())
    kept[0].title = "Se connecter au SIGB et au portail"
    page.steps = kept
    page.save_revision().publish()
    renamed = steps(path)[0]
    assert renamed.pk == first.pk and renamed.title == "Se connecter au SIGB et au portail"
    assert status_of(enrolment, renamed) == StepStatus.DONE
