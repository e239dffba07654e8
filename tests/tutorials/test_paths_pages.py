"""The pages of training paths as each role sees them: the index, a path's page and its checklist,
« Mes parcours », « Mes bénévoles », Coordination's overview and its CSV, the enrol form, booking a
room for a session; bad input answers 400 and changes nothing; query counts do not grow."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from intranet.roles import Role
from tests.factories import LibraryFactory
from tests.html import dangling_references, duplicate_ids, texts
from tests.tutorials.factories import PathFactory, TutorialFactory, path_step
from tutorials.models import Audience, Enrolment, StepKind, StepProgress, StepStatus
from tutorials.services import paths as services

pytestmark = pytest.mark.django_db

MY_PATHS = reverse("tutorials:my_paths")
MY_MENTEES = reverse("tutorials:my_mentees")
OVERVIEW = reverse("tutorials:enrolments")
CSV = reverse("tutorials:enrolments_csv")
ENROL = reverse("tutorials:enrol")


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Kervigen")


@pytest.fixture
def learner(member, library):
    return member(Role.VOLUNTEERS, first_name="Katell", last_name="Morvan", library=library)


@pytest.fixture
def mentor(member, library):
    return member(Role.STAFF, first_name="Yann", last_name="Le Gall", library=library)


@pytest.fixture
def referent(member, library):
    return member(Role.REFERENTS, first_name="Rozenn", last_name="Riou", library=library)


@pytest.fixture
def path():
    return PathFactory(title="Bénévole : premiers pas", audience=Audience.VOLUNTEERS)


@pytest.fixture
def enrolment(learner, mentor, referent, path):
    return services.enrolment_create(path=path, person=learner, mentor=mentor, by=referent,
                                     target_date=timezone.localdate() + dt.timedelta(weeks=4))


def steps(path):
    return list(path.steps.order_by("sort_order"))


def step_url(name, enrolment, step):
    return reverse(f"tutorials:{name}", args=[enrolment.pk, step.pk])


def assert_sound(html):
    assert not duplicate_ids(html) and not dangling_references(html)


# --- the index and the audience -------------------------------------------------------------------


SEES = {
    Role.COORDINATION: {"Pour tous", "Pour le personnel", "Pour les bénévoles"},
    Role.REFERENTS: {"Pour tous", "Pour le personnel", "Pour les bénévoles"},
    Role.STAFF: {"Pour tous", "Pour le personnel", "Pour les bénévoles"},
    Role.VOLUNTEERS: {"Pour tous", "Pour les bénévoles"},
    Role.ELECTED: {"Pour tous"},
}


def make_audience_paths():
    return {
        "everyone": PathFactory(title="Pour tous", audience=Audience.EVERYONE, self_enrolment=True),
        "staff": PathFactory(title="Pour le personnel", audience=Audience.STAFF),
        "volunteers": PathFactory(title="Pour les bénévoles", audience=Audience.VOLUNTEERS),
    }


def test_each_role_sees_the_paths_of_its_audience_in_the_index_and_by_url(as_each_role):
    paths = make_audience_paths()
    response = as_each_role.client.get("/parcours/")
    assert response.status_code == 200
    assert set(texts(response.content, ".path-card h2")) == SEES[as_each_role.role]
    for page in paths.values():
        expected = 200 if page.title in SEES[as_each_role.role] else 404
        assert as_each_role.client.get(page.url).status_code == expected


def test_the_navigation_leads_to_the_paths_section(client_volunteer):
    response = client_volunteer.get("/")
    assert reverse("tutorials:paths") in [link["href"] for link in _links(response.content, ".main-nav a")]
    assert client_volunteer.get(reverse("tutorials:paths")).url == "/parcours/"


def _links(html, selector):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").select(selector)


def test_an_open_path_has_an_enrol_button_and_enrols_the_reader(client_volunteer, volunteer_user):
    page = PathFactory(title="Médiation numérique", self_enrolment=True)
    response = client_volunteer.get("/parcours/")
    action = reverse("tutorials:self_enrol", args=[page.pk])
    assert _links(response.content, f"form[action='{action}'] button")
    response = client_volunteer.post(action)
    assert response.status_code == 302
    assert Enrolment.objects.get(path=page).person.user == volunteer_user
    assert "Vous suivez ce parcours" in client_volunteer.get("/parcours/").content.decode()


def test_a_closed_path_refuses_self_enrolment_with_403(client_volunteer, path):
    assert client_volunteer.post(reverse("tutorials:self_enrol", args=[path.pk])).status_code == 403
    assert not Enrolment.objects.exists()


# --- the path page: the learner's checklist -------------------------------------------------------


def test_the_learner_sees_their_checklist_and_marks_a_step_done(learner, enrolment, path, client_as):
    client = client_as(learner)
    first = steps(path)[0]
    response = client.get(path.url)
    html = response.content.decode()
    assert_sound(html)
    assert _links(html, f"form[action='{step_url('step_done', enrolment, first)}'] button")
    assert "Marquer comme fait" in html
    assert texts(html, ".path-step--next h3")[0].startswith("Se connecter au SIGB")
    response = client.post(step_url("step_done", enrolment, first))
    assert response.status_code == 302 and response.url == path.url
    html = client.get(path.url).content.decode()
    assert texts(html, f"#step-{first.pk} .status") == ["Faite"]
    assert _links(html, "progress")[0]["value"] == "1"
    assert "1 étape terminée sur 3 (33 %)" in " ".join(texts(html, ".path-progress__text"))


def test_a_step_needing_validation_shows_waiting_in_words(learner, enrolment, path, client_as):
    client = client_as(learner)
    second = steps(path)[1]
    client.post(step_url("step_done", enrolment, second))
    html = client.get(path.url).content.decode()
    assert texts(html, f"#step-{second.pk} .status") == ["En attente de validation"]


def test_marking_a_step_twice_answers_400_and_changes_nothing(learner, enrolment, path, client_as):
    client = client_as(learner)
    first = steps(path)[0]
    client.post(step_url("step_done", enrolment, first))
    before = StepProgress.objects.get(enrolment=enrolment, step=first).done_at
    assert client.post(step_url("step_done", enrolment, first)).status_code == 400
    assert StepProgress.objects.get(enrolment=enrolment, step=first).done_at == before


def test_someone_unrelated_gets_404_for_a_step(enrolment, path, member):
    stranger = member(Role.STAFF, library=LibraryFactory())
    from tests.accounts import logged_in

    assert logged_in(stranger).post(step_url("step_done", enrolment, steps(path)[0])).status_code == 404


def test_the_mentor_may_not_mark_the_learners_step(enrolment, path, mentor, client_as):
    assert client_as(mentor).post(step_url("step_done", enrolment, steps(path)[0])).status_code == 403
    assert not StepProgress.objects.filter(status=StepStatus.DONE).exists()


def test_a_step_links_its_tutorial_only_for_who_may_read_it(learner, enrolment, client_as, referent, mentor):
    staff_only = TutorialFactory(title="Paramétrer le SIGB", audience=Audience.STAFF)
    for_all = TutorialFactory(title="Inscrire un nouvel usager", audience=Audience.EVERYONE)
    page = PathFactory(title="Avec des lectures", audience=Audience.VOLUNTEERS, steps=[
        path_step("Lire 1", kind=StepKind.READ, tutorial=staff_only),
        path_step("Lire 2", kind=StepKind.READ, tutorial=for_all)])
    html = client_as(learner).get(page.url).content.decode()
    hrefs = [link["href"] for link in _links(html, "main a")]
    assert for_all.url in hrefs and staff_only.url not in hrefs
    assert staff_only.url in [link["href"] for link in _links(client_as(mentor).get(page.url).content, "main a")]


# --- « Mes parcours » ----------------------------------------------------------------------------


def test_my_paths_shows_progress_and_the_next_step(learner, enrolment, path, client_as):
    client = client_as(learner)
    client.post(step_url("step_done", enrolment, steps(path)[0]))
    html = client.get(MY_PATHS).content.decode()
    assert_sound(html)
    [bar] = _links(html, "progress")
    assert (bar["value"], bar["max"]) == ("1", "3")
    assert "Prêter un document" in " ".join(texts(html, ".path-next"))


# --- « Mes bénévoles »: validate and send back ----------------------------------------------------


def test_the_mentor_validates_from_my_mentees_and_the_learner_sees_the_progress(learner, mentor, enrolment, path,
                                                                                client_as):
    second = steps(path)[1]
    client_as(learner).post(step_url("step_done", enrolment, second))
    client = client_as(mentor)
    html = client.get(MY_MENTEES).content.decode()
    assert_sound(html)
    assert "Katell Morvan" in html and _links(html, f"form[action='{step_url('step_validate', enrolment, second)}']")
    response = client.post(step_url("step_validate", enrolment, second), {"comment": "Bien.", "next": MY_MENTEES})
    assert response.status_code == 302 and response.url == MY_MENTEES
    assert StepProgress.objects.get(enrolment=enrolment, step=second).status == StepStatus.VALIDATED
    [bar] = _links(client_as(learner).get(MY_PATHS).content, "progress")
    assert bar["value"] == "1"


def test_the_mentor_takes_back_a_validation_from_my_mentees(learner, mentor, enrolment, path, client_as):
    second = steps(path)[1]
    client_as(learner).post(step_url("step_done", enrolment, second))
    client = client_as(mentor)
    client.post(step_url("step_validate", enrolment, second), {"comment": "Bien.", "next": MY_MENTEES})
    undo = step_url("step_undo", enrolment, second)
    assert _links(client.get(MY_MENTEES).content, f"form.path-undo[action='{undo}'] button")

    response = client.post(undo, {"next": MY_MENTEES})

    assert response.status_code == 302
    assert StepProgress.objects.get(enrolment=enrolment, step=second).status == StepStatus.WAITING
    html = client.get(MY_MENTEES).content.decode()
    assert _links(html, f"form[action='{step_url('step_validate', enrolment, second)}']")
    assert not _links(html, f"form.path-undo[action='{undo}']")


def test_sending_back_without_a_comment_answers_400_and_changes_nothing(learner, mentor, enrolment, path,
                                                                        client_as):
    second = steps(path)[1]
    client_as(learner).post(step_url("step_done", enrolment, second))
    response = client_as(mentor).post(step_url("step_send_back", enrolment, second), {"comment": " "})
    assert response.status_code == 400
    assert "Dites ce qui manque" in response.content.decode()
    assert StepProgress.objects.get(enrolment=enrolment, step=second).status == StepStatus.WAITING


def test_sending_back_shows_the_comment_to_the_learner(learner, mentor, enrolment, path, client_as):
    second = steps(path)[1]
    client_as(learner).post(step_url("step_done", enrolment, second))
    client_as(mentor).post(step_url("step_send_back", enrolment, second), {"comment": "Refaire un retour."})
    html = client_as(learner).get(path.url).content.decode()
    assert "Refaire un retour." in html
    assert texts(html, f"#step-{second.pk} .status") == ["Renvoyée"]


def test_a_referent_of_the_library_who_is_not_the_mentor_may_not_validate(learner, referent, enrolment, path,
                                                                          client_as):
    second = steps(path)[1]
    client_as(learner).post(step_url("step_done", enrolment, second))
    assert client_as(referent).post(step_url("step_validate", enrolment, second)).status_code == 403
    assert StepProgress.objects.get(enrolment=enrolment, step=second).status == StepStatus.WAITING


def test_volunteers_have_no_mentees_page(client_volunteer):
    assert client_volunteer.get(MY_MENTEES).status_code == 403


# --- the dashboard panels -------------------------------------------------------------------------


def test_dashboard_panels_show_my_progress_and_the_steps_to_validate(learner, mentor, enrolment, path, client_as):
    client_as(learner).post(step_url("step_done", enrolment, steps(path)[1]))
    learner_home = client_as(learner).get("/").content.decode()
    assert texts(learner_home, "#panel-my_paths") == ["Mes parcours"]
    assert "Bénévole : premiers pas" in " ".join(texts(learner_home, ".panel--my_paths"))
    mentor_home = client_as(mentor).get("/").content.decode()
    assert texts(mentor_home, "#panel-steps_to_validate") == ["Étapes à valider"]
    assert "Prêter un document" in " ".join(texts(mentor_home, ".panel--steps_to_validate"))


# --- Coordination's overview and its CSV ----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REFERENTS, Role.STAFF, Role.VOLUNTEERS, Role.ELECTED],
                         ids=lambda role: role.name.lower())
def test_the_overview_is_for_coordination_only(account, client_as, role):
    client = client_as(account(role))
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(CSV).status_code == 403


def test_the_overview_flags_late_enrolments_and_filters_them(client_coordination, enrolment, learner, mentor,
                                                             referent):
    on_time = PathFactory(title="Médiation numérique")
    services.enrolment_create(path=on_time, person=learner, mentor=mentor, by=referent,
                              target_date=timezone.localdate() + dt.timedelta(weeks=20))
    # Enrolled long ago: its target date has passed (the service refuses a past date today).
    Enrolment.objects.filter(pk=enrolment.pk).update(target_date=timezone.localdate() - dt.timedelta(days=3))
    html = client_coordination.get(OVERVIEW).content.decode()
    assert_sound(html)
    assert len(texts(html, ".enrolments-table tbody tr")) == 2
    assert "En retard" in " ".join(texts(html, ".enrolments-table tbody tr"))
    late = client_coordination.get(OVERVIEW, {"status": "en-retard"}).content.decode()
    assert [row.split(" ")[0] for row in texts(late, ".enrolments-table tbody td:nth-of-type(1)")] == ["Bénévole"]


def test_the_csv_export_has_one_line_per_enrolment(client_coordination, learner, enrolment, path):
    services.step_mark_done(enrolment=enrolment, step=steps(path)[0], by=learner)
    response = client_coordination.get(CSV)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(content)))
    assert header[:3] == ["Apprenant·e", "Bibliothèque", "Parcours"]
    assert rows == [["Katell Morvan", "Médiathèque de Kervigen", "Bénévole : premiers pas", "Yann Le Gall",
                     "2026-03-10", "2026-04-07", "1", "3", "33", "En cours", ""]]


def test_a_csv_cell_never_runs_as_a_formula(client_coordination, member, library, mentor, referent, path):
    person = member(Role.VOLUNTEERS, first_name="=HYPERLINK(1)", library=library)
    services.enrolment_create(path=path, person=person, mentor=mentor, by=referent)
    content = b"".join(client_coordination.get(CSV).streaming_content).decode("utf-8-sig")
    assert "\n=HYPERLINK" not in content and "'=HYPERLINK" in content


# --- the enrol form: people found by name ---------------------------------------------------------


def test_the_enrol_form_finds_people_by_name_and_enrols(client_as, referent, learner, mentor, path):
    client = client_as(referent)
    response = client.get(ENROL, {"parcours": path.pk})
    assert response.status_code == 200
    assert_sound(response.content)
    assert not _links(response.content, "select[name=person]")  # no list of the whole network
    response = client.post(ENROL, {"path": path.pk, "person_q": "Katell", "mentor_q": "Yann Le Gall",
                                   "target_date": "2026-06-30"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert (enrolment.person, enrolment.mentor, enrolment.target_date) == (learner, mentor, dt.date(2026, 6, 30))


def test_several_matches_are_offered_as_choices_and_nothing_is_saved(client_as, referent, learner, member, library,
                                                                     path, mentor):
    namesake = member(Role.VOLUNTEERS, first_name="Katell", last_name="Cariou", library=library)
    client = client_as(referent)
    response = client.post(ENROL, {"path": path.pk, "person_q": "Katell", "mentor_q": "Yann"})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()
    choices = {radio["value"] for radio in _links(response.content, "input[name=person]")}
    assert choices == {str(learner.pk), str(namesake.pk)}
    response = client.post(ENROL, {"path": path.pk, "person_q": "Katell", "person": namesake.pk, "mentor_q": "Yann"})
    assert response.status_code == 302 and Enrolment.objects.get().person == namesake


def test_a_referent_finds_nobody_outside_their_library(client_as, referent, member, path):
    member(Role.VOLUNTEERS, first_name="Gwenaël", library=LibraryFactory())
    response = client_as(referent).post(ENROL, {"path": path.pk, "person_q": "Gwenaël", "mentor_q": "Yann"})
    assert response.status_code == 400 and not Enrolment.objects.exists()


def test_a_target_date_in_the_past_answers_400(client_as, referent, learner, mentor, path):
    response = client_as(referent).post(ENROL, {"path": path.pk, "person_q": "Katell", "mentor_q": "Yann",
                                                "target_date": "2026-01-01"})
    assert response.status_code == 400 and not Enrolment.objects.exists()


def test_the_enrol_form_is_not_for_staff_or_volunteers(client_staff, client_volunteer):
    assert client_staff.get(ENROL).status_code == 403
    assert client_volunteer.get(ENROL).status_code == 403


# --- booking a room for a training session --------------------------------------------------------


def test_the_mentor_books_a_room_for_a_session_from_the_path(mentor, learner, enrolment, path, client_as):
    from tests.calendar_sync.factories import RoomFactory

    room = RoomFactory(name="Salle de formation", library=learner.library)
    RoomFactory(name="Salle lointaine", library=LibraryFactory())
    session = steps(path)[2]
    url = step_url("step_book", enrolment, session)
    client = client_as(mentor)
    response = client.get(url)
    assert response.status_code == 200
    assert [option.get_text() for option in _links(response.content, "select[name=room] option")] == \
        [str(room)]
    bad = client.post(url, {"room": room.pk, "title": "Atelier", "date": "2026-03-12", "start": "10:00",
                            "end": "09:00", "attendees": 2})
    assert bad.status_code == 400 and not StepProgress.objects.filter(booking__isnull=False).exists()
    response = client.post(url, {"room": room.pk, "title": "Atelier d'accueil — Katell", "date": "2026-03-12",
                                 "start": "10:00", "end": "12:00", "attendees": 2})
    assert response.status_code == 302
    progress = StepProgress.objects.get(enrolment=enrolment, step=session)
    assert progress.booking.room == room
    assert "Salle de formation" in client_as(learner).get(path.url).content.decode()


def test_a_volunteer_is_offered_only_the_rooms_open_to_volunteers(learner, enrolment, path, client_as):
    from django.contrib.auth.models import Group

    from tests.calendar_sync.factories import RoomFactory

    staff_room = RoomFactory(name="Salle du personnel", library=learner.library)
    session = steps(path)[2]
    client = client_as(learner)
    assert "Réserver une salle" not in client.get(path.url).content.decode()  # no room they may book

    open_room = RoomFactory(name="Salle ouverte aux bénévoles", library=learner.library)
    open_room.allowed_groups.add(Group.objects.get(name=Role.VOLUNTEERS))
    response = client.get(step_url("step_book", enrolment, session))
    options = [option.get_text() for option in _links(response.content, "select[name=room] option")]
    assert "Réserver une salle" in client.get(path.url).content.decode()
    assert str(open_room) in options and str(staff_room) not in options


# --- query counts ---------------------------------------------------------------------------------


@pytest.fixture
def network(member, library, learner, mentor, referent):
    """make(scale): scale paths the learner follows, 3 * scale mentees of the mentor, with progress."""

    def make(scale: int):
        for number in range(scale):
            page = PathFactory(title=f"Parcours {number}", audience=Audience.EVERYONE)
            mine = services.enrolment_create(path=page, person=learner, mentor=mentor, by=referent)
            services.step_mark_done(enrolment=mine, step=steps(page)[0], by=learner)
            services.step_mark_done(enrolment=mine, step=steps(page)[1], by=learner)
            for other in range(3):
                mentee = member(Role.VOLUNTEERS, first_name=f"Bénévole {number}-{other}", library=library)
                theirs = services.enrolment_create(path=page, person=mentee, mentor=mentor, by=referent)
                services.step_mark_done(enrolment=theirs, step=steps(page)[1], by=mentee)
        return page

    return make


@pytest.mark.parametrize("scale", [1, 10])
def test_my_paths_queries_do_not_grow(network, learner, client_as, scale, django_assert_max_num_queries):
    network(scale)
    client = client_as(learner)
    with django_assert_max_num_queries(14):
        response = client.get(MY_PATHS)
    assert len(_links(response.content, "progress")) == scale


@pytest.mark.parametrize("scale", [1, 10])
def test_the_path_page_queries_do_not_grow(network, learner, client_as, scale, django_assert_max_num_queries):
    page = network(scale)
    client = client_as(learner)
    with django_assert_max_num_queries(22):
        assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_my_mentees_queries_do_not_grow(network, mentor, client_as, scale, django_assert_max_num_queries):
    network(scale)
    client = client_as(mentor)
    with django_assert_max_num_queries(16):
        response = client.get(MY_MENTEES)
    assert len(_links(response.content, ".mentee")) == min(4 * scale, 20)


@pytest.mark.parametrize("scale", [1, 10])
def test_the_overview_queries_do_not_grow(network, client_coordination, scale, django_assert_max_num_queries):
    network(scale)
    with django_assert_max_num_queries(16):
        assert client_coordination.get(OVERVIEW).status_code == 200


@pytest.mark.parametrize("scale", [1, 10])
def test_the_dashboard_panels_queries_do_not_grow(network, mentor, client_as, account, scale,
                                                   django_assert_max_num_queries):
    network(scale)
    # A running site: what is the same for everyone (the network's identity, the site's root paths,
    # content types) was cached by earlier visitors; the mentor's own panels are computed cold.
    assert client_as(account(Role.STAFF)).get("/").status_code == 200
    client = client_as(mentor)
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


def test_coordination_validates_the_steps_of_enrolments_without_a_mentor(client_as, member, path,
                                                                        django_capture_on_commit_callbacks):
    from django.core import mail

    coordination = member(Role.COORDINATION, first_name="Claire")
    volunteer = member(Role.VOLUNTEERS, first_name="Nolwenn", library=LibraryFactory())
    open_path = PathFactory(title="Médiation numérique", self_enrolment=True)
    enrolment = services.enrolment_create(path=open_path, person=volunteer, by=volunteer)
    assert enrolment.mentor is None
    with django_capture_on_commit_callbacks(execute=True):
        services.step_mark_done(enrolment=enrolment, step=steps(open_path)[1], by=volunteer)
    assert not mail.outbox  # no mentor to tell: the step shows in Coordination's queue
    client = client_as(coordination)
    assert "Nolwenn" in " ".join(texts(client.get("/").content, ".panel--steps_to_validate"))
    assert "Nolwenn" in " ".join(texts(client.get(MY_MENTEES).content, ".mentee h2"))
    assert client.post(step_url("step_validate", enrolment, steps(open_path)[1])).status_code == 302
    assert StepProgress.objects.get(enrolment=enrolment, step=steps(open_path)[1]).status == StepStatus.VALIDATED


def test_the_cached_panels_follow_a_change_once_it_commits(learner, mentor, enrolment, path, client_as,
                                                          django_capture_on_commit_callbacks):
    client = client_as(mentor)
    assert not texts(client.get("/").content, "#panel-steps_to_validate")  # nothing waits yet (cached)
    with django_capture_on_commit_callbacks(execute=True):
        services.step_mark_done(enrolment=enrolment, step=steps(path)[1], by=learner)
    assert texts(client.get("/").content, "#panel-steps_to_validate") == ["Étapes à valider"]


def test_coordination_withdraws_an_enrolment_from_the_overview(client_coordination, enrolment):
    html = client_coordination.get(OVERVIEW).content.decode()
    action = reverse("tutorials:enrolment_withdraw", args=[enrolment.pk])
    assert _links(html, f"form[action='{action}'] button")
    response = client_coordination.post(action, {"next": OVERVIEW})
    assert response.status_code == 302 and response.url == OVERVIEW
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is not None
    assert "Retirée" in client_coordination.get(OVERVIEW).content.decode()
