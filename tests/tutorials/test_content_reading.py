"""The reading page of a tutorial: numbered steps with a table of contents, callouts in words, the
checklist as a list, reading time, owner and last review, related pages by topic or tag for the
reader's audience, the procedures family's includes in place, and the audience rule on direct URLs."""

import datetime as dt

import pytest

from intranet.roles import Role
from tests.tutorials.factories import TopicFactory, TutorialFactory, callout, checklist, make_tutorials, step
from tutorials.models import Audience

pytestmark = pytest.mark.django_db

WORDS = " ".join(["mot"] * 450)


@pytest.fixture
def procedure(member):
    owner = member(Role.REFERENTS, first_name="Katell", last_name="Morvan")
    return TutorialFactory(
        title="Préparer une navette documentaire", kind="procedure", owner_person=owner,
        last_reviewed=dt.date(2026, 1, 15), summary="Les caisses du mardi et du vendredi.",
        body=[("text", f"<p>{WORDS}</p>"), step("Éditer la liste"),
              callout("warning", "Pas de caisse, pas de navette."),
              step("Remplir les caisses"), callout("tip", "Les plus lourds au fond."),
              checklist("Avant le passage", "Liste éditée", "Caisses étiquetées")],
    )


def test_steps_are_numbered_with_a_table_of_contents_linking_to_them(client_staff, procedure):
    html = client_staff.get(procedure.url).content.decode()
    assert 'href="#etape-1">Éditer la liste</a>' in html
    assert 'href="#etape-2">Remplir les caisses</a>' in html
    assert 'id="etape-1"' in html and 'id="etape-2"' in html
    assert "Étape 2" in html


def test_callouts_say_their_kind_in_words_and_the_checklist_is_a_list(client_staff, procedure):
    html = client_staff.get(procedure.url).content.decode()
    assert '<p class="callout__label">Attention</p>' in html
    assert '<p class="callout__label">Astuce</p>' in html
    assert "<li>Liste éditée</li><li>Caisses étiquetées</li>" in html


def test_reading_time_owner_and_last_review_are_shown(client_staff, procedure):
    assert procedure.reading_minutes == 2  # about 460 words at 200 a minute
    html = client_staff.get(procedure.url).content.decode()
    assert "2 minutes de lecture" in html
    assert "Katell Morvan" in html
    assert "15 janvier 2026" in html


def test_the_procedures_includes_are_in_the_page(client_staff, procedure):
    response = client_staff.get(procedure.url)
    used = [template.name for template in response.templates]
    for name in ("tutorials/includes/procedure_panel.html", "tutorials/includes/feedback_panel.html",
                 "tutorials/includes/local_notes.html"):
        assert name in used
    assert used.count("tutorials/includes/local_notes.html") == 2  # one per step


def test_related_pages_share_the_topic_or_a_tag_and_follow_the_audience(client_volunteer, client_staff):
    topic, other_topic = TopicFactory(name="Jeunesse"), TopicFactory(name="Communication")
    page = TutorialFactory(title="Accueillir une classe", topic=topic, audience=Audience.EVERYONE)
    TutorialFactory(title="Heure du conte", topic=topic, audience=Audience.VOLUNTEERS)
    TutorialFactory(title="Budget des classes", topic=topic, audience=Audience.STAFF)
    tagged = TutorialFactory(title="Affiche pour les écoles", topic=other_topic, audience=Audience.EVERYONE)
    tagged.tags.add("école")
    tagged.save()
    page.tags.add("école")
    page.save()
    TutorialFactory(title="Publier une actualité", topic=other_topic, audience=Audience.EVERYONE)

    volunteer_html = client_volunteer.get(page.url).content.decode()
    staff_html = client_staff.get(page.url).content.decode()

    assert "Heure du conte" in volunteer_html and "Affiche pour les écoles" in volunteer_html
    assert "Budget des classes" not in volunteer_html
    assert "Budget des classes" in staff_html
    assert "Publier une actualité" not in staff_html


@pytest.mark.parametrize(("role", "status"), [
    (Role.COORDINATION, 200), (Role.REFERENTS, 200), (Role.STAFF, 200), (Role.VOLUNTEERS, 404), (Role.ELECTED, 404),
])
def test_a_staff_page_by_direct_url_exists_only_for_staff(role, status, account, client_as):
    page = TutorialFactory(title="Circuit d'alerte informatique", audience=Audience.STAFF)
    assert client_as(account(role)).get(page.url).status_code == status


@pytest.mark.parametrize(("role", "status"), [
    (Role.COORDINATION, 200), (Role.REFERENTS, 200), (Role.STAFF, 200), (Role.VOLUNTEERS, 200), (Role.ELECTED, 404),
])
def test_a_volunteers_page_by_direct_url(role, status, account, client_as):
    page = TutorialFactory(title="Couvrir un livre", audience=Audience.VOLUNTEERS)
    assert client_as(account(role)).get(page.url).status_code == status


@pytest.mark.parametrize("scale", [1, 10])
def test_a_tutorial_page_runs_the_same_queries_at_1x_and_10x(scale, client_staff, procedure,
                                                            django_assert_max_num_queries):
    make_tutorials(4 * scale, topic=procedure.topic)
    client_staff.get("/")  # the session and the site's caches, as for a reader already browsing
    with django_assert_max_num_queries(25):
        assert client_staff.get(procedure.url).status_code == 200


def test_the_body_drawn_once_is_drawn_again_when_a_new_version_is_published(client_staff, procedure):
    assert "Éditer la liste" in client_staff.get(procedure.url).content.decode()
    procedure.body = [step("Imprimer le bordereau")]
    procedure.save_revision().publish()
    html = client_staff.get(procedure.url).content.decode()
    assert "Imprimer le bordereau" in html and "Éditer la liste" not in html


BOTH = {"Heure du conte", "Budget des classes"}


@pytest.mark.parametrize(("role", "shown"), [
    (Role.COORDINATION, BOTH), (Role.REFERENTS, BOTH), (Role.STAFF, BOTH), (Role.VOLUNTEERS, {"Heure du conte"}),
    (Role.ELECTED, set()),
])
def test_related_links_follow_the_audience_for_each_role(role, shown, account, client_as):
    topic = TopicFactory(name="Jeunesse")
    page = TutorialFactory(title="Accueillir une classe", topic=topic, audience=Audience.EVERYONE)
    TutorialFactory(title="Heure du conte", topic=topic, audience=Audience.VOLUNTEERS)
    TutorialFactory(title="Budget des classes", topic=topic, audience=Audience.STAFF)
    related = {other.title for other in client_as(account(role)).get(page.url).context["related"]}
    assert related == shown
