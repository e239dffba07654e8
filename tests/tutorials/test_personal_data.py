"""The tutorials' part of « Mes données » (tutorials.personal_data): what the export holds for a
learner, a mentor, a referent and an owner, and nobody else's rows; what leaving closes or hands over
(and when it is refused); the dry run; the anonymisation once the retention period is over; and the
person gone from the listings and the CSV after leaving."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intranet.departures import DepartureRefused, departed_anonymise, person_leave
from intranet.models import Departure
from intranet.roles import Role
from tests.factories import LibraryFactory
from tests.tutorials.factories import PathFactory
from tests.tutorials.procedures_support import procedure, step_ids
from tutorials import personal_data
from tutorials.models import (
    Audience,
    Enrolment,
    LocalNote,
    PageFeedback,
    ProcedureConfirmation,
    ReviewReminder,
    StepProgress,
    StepStatus,
    TutorialPage,
)
from tutorials.services import paths as path_services
from tutorials.services.procedures import feedback_save, local_note_save, procedure_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Kervigen")


@pytest.fixture
def people(member, library):
    class People:
        learner = member(Role.VOLUNTEERS, first_name="Katell", last_name="Morvan", library=library)
        other = member(Role.VOLUNTEERS, first_name="Hervé", last_name="Le Goff", library=library)
        mentor = member(Role.STAFF, first_name="Yann", last_name="Kerbrat", library=library)
        successor = member(Role.STAFF, first_name="Soizic", last_name="Tanguy", library=library)
        referent = member(Role.REFERENTS, first_name="Rozenn", last_name="Guivarc'h", library=library)
        coordination = member(Role.COORDINATION, first_name="Claire", last_name="Le Bihan")

    return People


def enrol(path, person, *, mentor, by):
    return path_services.enrolment_create(path=path, person=person, mentor=mentor, by=by)


def steps(path):
    return list(path.steps.order_by("sort_order"))


@pytest.fixture
def world(people):
    """Katell follows a path with Yann as mentor (one step done, one validated with a comment), answered a
    page and confirmed a procedure; Hervé, of the same library, does the same with his own words."""
    path = PathFactory(title="Bénévole : premiers pas")
    first, second, _third = steps(path)
    katell = enrol(path, people.learner, mentor=people.mentor, by=people.referent)
    path_services.step_mark_done(enrolment=katell, step=first, by=people.learner)
    path_services.step_mark_done(enrolment=katell, step=second, by=people.learner)
    path_services.step_validate(enrolment=katell, step=second, by=people.mentor, comment="Bien expliqué à l'usager.")
    herve = enrol(path, people.other, mentor=people.mentor, by=people.referent)
    path_services.step_mark_done(enrolment=herve, step=first, by=people.other)
    page = procedure(title="Inscrire un usager", audience=Audience.EVERYONE, owner_person=people.mentor)
    feedback_save(page=page, person=people.learner, helpful=True, comment="Très clair")
    feedback_save(page=page, person=people.other, helpful=False, comment="Trop long pour Hervé")
    procedure_confirm(page=page, person=people.learner)
    procedure_confirm(page=page, person=people.other)
    local_note_save(page=page, library=people.referent.library, step_id=step_ids(page)[0],
                    text="Le guichet ouvre à 10 h.", by=people.referent)
    mail.outbox.clear()

    class World:
        pass

    World.path, World.page, World.katell, World.herve = path, page, katell, herve
    return World


def tables(person) -> dict:
    return {table.name: table.rows for table in personal_data.export(person)}


def everything(rows_by_table: dict) -> str:
    return repr(rows_by_table)


# --- export ---------------------------------------------------------------------------------------------


def test_a_learner_finds_their_path_steps_answers_and_confirmations_and_nobody_elses(world, people):
    exported = tables(people.learner)
    assert [(row["path"], row["mentor"], row["enrolled_by"]) for row in exported["enrolments"]] == [
        ("Bénévole : premiers pas", "Yann Kerbrat", "Rozenn Guivarc'h")]
    assert [(row["step"], row["status"], row["reviewed_by"], row["comment"]) for row in exported["steps"]] == [
        ("Se connecter au SIGB", "Faite", "", ""),
        ("Prêter un document", "Validée", "Yann Kerbrat", "Bien expliqué à l'usager.")]
    assert [(row["page"], row["helpful"], row["comment"]) for row in exported["feedback"]] == [
        ("Inscrire un usager", True, "Très clair")]
    assert [(row["page"], row["version"]) for row in exported["confirmations"]] == [("Inscrire un usager", 1)]
    assert exported["mentored"] == [] and exported["reviews"] == [] and exported["owned_pages"] == []
    assert "Hervé" not in everything(exported) and "Trop long" not in everything(exported)


def test_a_mentor_finds_whom_they_mentor_and_the_steps_they_reviewed(world, people):
    exported = tables(people.mentor)
    assert sorted(row["learner"] for row in exported["mentored"]) == ["Hervé Le Goff", "Katell Morvan"]
    assert [(row["learner"], row["step"], row["comment"]) for row in exported["reviews"]] == [
        ("Katell Morvan", "Prêter un document", "Bien expliqué à l'usager.")]
    assert [row["title"] for row in exported["owned_pages"]] == ["Inscrire un usager"]
    assert exported["enrolments"] == [] and exported["steps"] == [] and exported["feedback"] == []
    # Nobody else's answers: the owner reads them on the site, they are not the owner's data.
    assert "Très clair" not in everything(exported)


def test_a_referent_finds_the_enrolments_they_recorded_and_the_notes_they_wrote(world, people, clock):
    clock.shift(days=1)
    path_services.enrolment_withdraw(enrolment=world.herve, by=people.referent)
    exported = tables(people.referent)
    assert sorted((row["learner"], row["action"]) for row in exported["enrolments_recorded"]) == [
        ("Hervé Le Goff", "Inscrit"), ("Hervé Le Goff", "Retiré"), ("Katell Morvan", "Inscrit")]
    assert [(row["library"], row["text"]) for row in exported["local_notes"]] == [
        ("Médiathèque de Kervigen", "Le guichet ouvre à 10 h.")]
    assert exported["enrolments"] == [] and exported["mentored"] == []


def test_the_review_reminders_sent_to_someone_are_in_their_export_only(world, people):
    ReviewReminder.objects.create(email=people.mentor.user.email, period="2026-02", pages=3)
    ReviewReminder.objects.create(email=people.successor.user.email, period="2026-02", pages=1)
    assert [(row["period"], row["pages"]) for row in tables(people.mentor)["review_reminders"]] == [("2026-02", 3)]
    assert tables(people.learner)["review_reminders"] == []


def _volume(people, copies: int, *, start: int = 0):
    for number in range(start, start + copies):
        path = PathFactory(title=f"Parcours {number}")
        enrolment = enrol(path, people.learner, mentor=people.mentor, by=people.referent)
        first, second, _third = steps(path)
        path_services.step_mark_done(enrolment=enrolment, step=first, by=people.learner)
        path_services.step_mark_done(enrolment=enrolment, step=second, by=people.learner)
        path_services.step_validate(enrolment=enrolment, step=second, by=people.mentor)
        page = procedure(title=f"Procédure {number}", audience=Audience.EVERYONE, owner_person=people.learner)
        feedback_save(page=page, person=people.learner, helpful=True, comment="Oui")
        procedure_confirm(page=page, person=people.learner)
        local_note_save(page=page, library=people.referent.library, step_id=step_ids(page)[0], text="Note",
                        by=people.referent)
        ReviewReminder.objects.create(email=people.learner.user.email, period=f"2025-{number + 1:02d}", pages=1)


def _queries(person) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        rows = sum(len(table.rows) for table in personal_data.export(person))
    return len(queries), rows


def test_the_export_runs_the_same_queries_at_1x_and_10x(people, django_assert_max_num_queries):
    _volume(people, 1)
    at_1x = {who: _queries(getattr(people, who)) for who in ("learner", "mentor", "referent")}
    _volume(people, 9, start=1)
    at_10x = {who: _queries(getattr(people, who)) for who in ("learner", "mentor", "referent")}
    for who in at_1x:
        assert at_10x[who][0] == at_1x[who][0], who
        assert at_10x[who][1] > at_1x[who][1], who  # the rows did grow
    with django_assert_max_num_queries(11):
        personal_data.export(people.learner)


# --- leaving ---------------------------------------------------------------------------------------------


def test_a_learner_who_leaves_is_withdrawn_from_their_open_path_and_keeps_their_progress(world, people):
    report = person_leave(person=people.learner, by=people.coordination)
    enrolment = Enrolment.objects.get(pk=world.katell.pk)
    assert enrolment.withdrawn_at == timezone.now() and enrolment.withdrawn_by == people.coordination
    assert StepProgress.objects.filter(enrolment=enrolment).count() == 2
    assert report.count("tutorials.enrolments_withdrawn") == 1
    assert Enrolment.objects.get(pk=world.herve.pk).withdrawn_at is None
    assert PageFeedback.objects.filter(person=people.learner).exists()  # until the anonymisation


def test_a_completed_path_stays_completed_when_its_learner_leaves(people):
    path = PathFactory(title="Court", steps=None)
    enrolment = enrol(path, people.learner, mentor=people.mentor, by=people.referent)
    first, second, third = steps(path)
    for step in (first, second, third):
        path_services.step_mark_done(enrolment=enrolment, step=step, by=people.learner)
    path_services.step_validate(enrolment=enrolment, step=second, by=people.mentor)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    report = person_leave(person=people.learner, by=people.coordination)
    assert Enrolment.objects.get(pk=enrolment.pk).withdrawn_at is None
    assert report.count("tutorials.enrolments_withdrawn") == 0


def test_a_mentor_who_leaves_hands_open_paths_and_owned_tutorials_to_the_successor(world, people):
    finished_path = PathFactory(title="Déjà fini", steps=[])
    done = Enrolment.objects.create(person=people.other, path=finished_path, mentor=people.mentor,
                                    enrolled_at=timezone.now(), completed_at=timezone.now())
    report = person_leave(person=people.mentor, by=people.coordination, successor=people.successor)
    assert Enrolment.objects.get(pk=world.katell.pk).mentor == people.successor
    assert Enrolment.objects.get(pk=world.herve.pk).mentor == people.successor
    assert Enrolment.objects.get(pk=done.pk).mentor == people.mentor  # the history says who mentored
    assert TutorialPage.objects.get(pk=world.page.pk).owner_person == people.successor
    assert report.count("tutorials.mentees_handed") == 2
    assert report.count("tutorials.pages_handed") == 1
    texts = [change.text for change in report.changes]
    assert "2 inscriptions à un parcours désormais suivies par Soizic Tanguy" in texts
    assert StepProgress.objects.get(enrolment=world.katell, status=StepStatus.VALIDATED).reviewed_by == people.mentor


def test_the_successor_stays_owner_when_a_draft_written_before_the_departure_is_published(world, people):
    draft = TutorialPage.objects.get(pk=world.page.pk)
    draft.summary = "Brouillon en attente."
    draft.save_revision()
    person_leave(person=people.mentor, by=people.coordination, successor=people.successor)
    page = TutorialPage.objects.get(pk=world.page.pk)
    page.get_latest_revision().publish()
    assert TutorialPage.objects.get(pk=world.page.pk).owner_person == people.successor


def test_the_successors_own_enrolment_is_left_without_a_mentor_rather_than_mentored_by_themself(world, people):
    other_path = PathFactory(title="Autre")
    mentored = enrol(other_path, people.successor, mentor=people.referent, by=people.coordination)
    report = person_leave(person=people.referent, by=people.coordination, successor=people.successor)
    assert Enrolment.objects.get(pk=mentored.pk).mentor is None
    assert report.count("tutorials.mentor_removed") == 1


def test_a_mentor_may_not_leave_without_someone_to_take_over(world, people):
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=people.mentor, by=people.coordination)
    assert refused.value.message == ("Désignez un successeur pour reprendre 2 inscriptions à un parcours "
                                     "qu’il ou elle suit comme mentor ; 1 tutoriel dont il ou elle est responsable.")
    people.mentor.refresh_from_db()
    assert people.mentor.active and not Departure.objects.filter(person=people.mentor).exists()
    assert Enrolment.objects.get(pk=world.katell.pk).mentor == people.mentor


def test_a_volunteer_cannot_take_over_the_paths_one_mentors(world, people):
    with pytest.raises(DepartureRefused) as refused:
        person_leave(person=people.mentor, by=people.coordination, successor=people.other)
    assert "Hervé Le Goff" in refused.value.message
    assert Enrolment.objects.get(pk=world.katell.pk).mentor == people.mentor


def test_the_review_reminders_log_of_who_leaves_is_erased(world, people):
    ReviewReminder.objects.create(email=people.mentor.user.email, period="2026-02", pages=3)
    kept = ReviewReminder.objects.create(email=people.successor.user.email, period="2026-02", pages=1)
    report = person_leave(person=people.mentor, by=people.coordination, successor=people.successor)
    assert list(ReviewReminder.objects.all()) == [kept]
    assert report.count("tutorials.review_reminders_erased") == 1


def test_a_dry_run_lists_what_would_change_changes_nothing_and_sends_nothing(
        world, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = person_leave(person=people.mentor, by=people.coordination, successor=people.successor,
                              dry_run=True)
    assert report.count("tutorials.mentees_handed") == 2 and report.count("tutorials.pages_handed") == 1
    assert Enrolment.objects.get(pk=world.katell.pk).mentor == people.mentor
    assert TutorialPage.objects.get(pk=world.page.pk).owner_person == people.mentor
    assert callbacks == [] and mail.outbox == []
    report = person_leave(person=people.learner, by=people.coordination, dry_run=True)
    assert report.count("tutorials.enrolments_withdrawn") == 1
    assert Enrolment.objects.get(pk=world.katell.pk).withdrawn_at is None


# --- after leaving: listings and exports ----------------------------------------------------------------


def test_who_left_is_gone_from_the_enrolments_overview_its_csv_and_the_confirmations(world, people, client_as):
    person_leave(person=people.learner, by=people.coordination)
    client = client_as(people.coordination)
    overview = client.get("/formation/parcours/inscriptions/?statut=retires").content.decode()
    everyone = client.get("/formation/parcours/inscriptions/").content.decode()
    csv = b"".join(client.get("/formation/parcours/inscriptions/export.csv").streaming_content).decode("utf-8-sig")
    confirmations = client.get(f"/formation/tutoriels/{world.page.pk}/confirmations/").content.decode()
    for text in (overview, everyone, csv, confirmations):
        assert "Morvan" not in text
    assert "Le Goff" in everyone and "Le Goff" in csv and "Le Goff" in confirmations


def test_the_mentor_no_longer_sees_who_left_among_their_mentees(world, people, client_as):
    client = client_as(people.mentor)
    assert "Katell Morvan" in client.get("/formation/mes-benevoles/").content.decode()
    person_leave(person=people.learner, by=people.coordination)
    page = client.get("/formation/mes-benevoles/").content.decode()
    assert "Katell Morvan" not in page and "Hervé Le Goff" in page


def test_the_session_of_who_left_is_gone_from_the_mentors_agenda_and_feed(world, people):
    from tests.calendar_sync.factories import BookingFactory
    from tutorials.hooks_agenda import personal_sessions, visible_sessions

    start = timezone.now() + dt.timedelta(days=2)
    booking = BookingFactory(organizer=people.mentor, title="Atelier d'accueil", start=start,
                             end=start + dt.timedelta(hours=2))
    StepProgress.objects.create(enrolment=world.katell, step=steps(world.path)[2], booking=booking)
    week = (start - dt.timedelta(days=1), start + dt.timedelta(days=1))
    assert [event.title for event in personal_sessions(people.mentor, *week)] == [
        "Bénévole : premiers pas — Atelier d'accueil"]
    person_leave(person=people.learner, by=people.coordination)
    assert personal_sessions(people.mentor, *week) == []
    assert visible_sessions(people.coordination.user, *week) == []


# --- anonymisation ----------------------------------------------------------------------------------------


def _past_retention(clock):
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS + 1)


def test_nothing_is_erased_before_the_retention_period_is_over(world, people, clock):
    person_leave(person=people.learner, by=people.coordination)
    clock.shift(days=settings.DEPARTED_RETENTION_DAYS - 1)
    assert departed_anonymise() == []
    assert Enrolment.objects.filter(person=people.learner).exists()


def test_the_anonymisation_erases_the_paths_progress_answers_and_confirmations(world, people, clock):
    person_leave(person=people.learner, by=people.coordination)
    _past_retention(clock)
    [report] = departed_anonymise()
    assert not Enrolment.objects.filter(person=people.learner).exists()
    assert not StepProgress.objects.filter(enrolment__person=people.learner).exists()
    assert not PageFeedback.objects.filter(person=people.learner).exists()
    assert not ProcedureConfirmation.objects.filter(person=people.learner).exists()
    assert (report.count("tutorials.enrolments_erased"), report.count("tutorials.progress_erased"),
            report.count("tutorials.feedback_erased"), report.count("tutorials.confirmations_erased")) == (1, 2, 1, 1)
    # Hervé's rows are his.
    assert PageFeedback.objects.filter(person=people.other).exists()
    assert StepProgress.objects.filter(enrolment=world.herve).count() == 1
    assert personal_data.anonymise(people.learner) == []  # twice changes nothing more


def test_the_name_of_a_mentor_stays_on_the_steps_they_validated_and_their_notes_lose_it(world, people, clock):
    person_leave(person=people.mentor, by=people.coordination, successor=people.successor)
    person_leave(person=people.referent, by=people.coordination, successor=people.successor)
    _past_retention(clock)
    reports = departed_anonymise()
    assert len(reports) == 2
    validated = StepProgress.objects.get(enrolment=world.katell, status=StepStatus.VALIDATED)
    assert validated.reviewed_by == people.mentor
    assert Enrolment.objects.get(pk=world.katell.pk).enrolled_by == people.referent
    note = LocalNote.objects.get()
    assert note.updated_by is None and note.text == "Le guichet ouvre à 10 h."
    assert sum(report.count("tutorials.local_notes_unsigned") for report in reports) == 1


def test_the_entry_says_what_is_kept_why_and_for_how_long():
    entry = personal_data.PERSONAL_DATA_ENTRY
    assert entry.key == "tutorials" and entry.leave and entry.anonymise
    assert f"{settings.DEPARTED_RETENTION_DAYS} jours" in str(entry.retention)
    assert "parcours" in str(entry.holds)

