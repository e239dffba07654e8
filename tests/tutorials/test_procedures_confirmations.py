"""« J'ai lu et j'applique cette procédure »: versions on publication (the first, then significant
changes only), readers asked again with what changed since their version, the admin form starting
unticked, who sees the confirmations and each library's completion rate."""

import pytest
from bs4 import BeautifulSoup

from intranet.roles import Role
from tests.factories import LibraryFactory
from tests.html import texts
from tests.tutorials.factories import TutorialFactory
from tests.tutorials.procedures_support import (  # noqa: F401
    _procedure_context_on_the_page,
    procedure,
    publish,
    step_ids,
)
from tutorials.models import Audience, Kind, ProcedureConfirmation, ProcedureVersion
from tutorials.services.procedures import procedure_confirm

pytestmark = pytest.mark.django_db


def _confirm(client, page):
    return client.post(f"/formation/tutoriels/{page.pk}/confirmer/")


def _panel(client, page) -> BeautifulSoup:
    return BeautifulSoup(client.get(page.url).content, "html.parser").select_one(".procedure-panel")


def _changed_body(page, *, first_text="<p>Demander une pièce d'identité et un justificatif de domicile.</p>"):
    """The page's body with the first step's text changed and a third step added (block ids kept)."""
    blocks = page.body.raw_data
    blocks[0]["value"]["text"] = first_text
    return [*blocks, {"type": "step", "id": "3c1e0f5e-0000-4000-8000-000000000003",
                      "value": {"title": "Remettre la carte", "text": "<p>Remettre la carte au nouvel usager.</p>",
                                "image": {"image": None, "alt_text": None, "decorative": None}}}]


def test_the_first_publication_is_version_1_and_a_typo_fix_makes_none():
    page = procedure(title="Inscrire un nouvel usager")
    publish(page, title="Inscrire un nouvel usager (adulte)")

    assert list(ProcedureVersion.objects.values_list("number", flat=True)) == [1]


def test_a_tutorial_has_no_version():
    page = TutorialFactory(kind=Kind.TUTORIAL)
    page.save_revision().publish()

    assert not ProcedureVersion.objects.exists()


def test_a_reader_confirms_the_current_version(client_staff, staff_user):
    page = procedure()
    assert _panel(client_staff, page).select_one("form button")

    response = _confirm(client_staff, page)

    assert response.status_code == 302
    confirmation = ProcedureConfirmation.objects.get()
    assert (confirmation.person, confirmation.version.number) == (staff_user.person, 1)
    panel = _panel(client_staff, page)
    assert panel.select_one("form") is None
    assert "version 1" in panel.get_text()


def test_a_significant_change_asks_again_and_shows_what_changed(client_staff):
    page = procedure()
    _confirm(client_staff, page)
    publish(page, significant=True, summary="Justificatif de domicile exigé", body=_changed_body(page))

    panel = _panel(client_staff, page)

    assert panel.select_one("form button")  # asked again
    text = " ".join(panel.get_text(" ").split())
    assert "Justificatif de domicile exigé" in text
    assert [" ".join(tag.get_text(" ").split()) for tag in panel.select(".step-change--added")] == [
        "Étape ajoutée : Remettre la carte Remettre la carte au nouvel usager."]
    changed = panel.select_one(".step-change--changed")
    assert "Vérifier l'identité" in changed.get_text()
    assert [" ".join(tag.get_text(" ").split()) for tag in changed.select("ins")] == [
        "ajouté : d'identité et un justificatif de domicile."]
    assert "<p>" not in str(changed.select_one(".diff").get_text())


def test_a_removed_step_is_named(client_staff):
    page = procedure()
    _confirm(client_staff, page)
    publish(page, significant=True, body=[page.body.raw_data[0]])

    removed = _panel(client_staff, page).select(".step-change--removed")
    assert [" ".join(tag.get_text(" ").split()) for tag in removed] == ["Étape retirée : Saisir la fiche"]


def test_a_typo_fix_asks_nobody_again(client_staff):
    page = procedure()
    _confirm(client_staff, page)
    publish(page, body=_changed_body(page, first_text="<p>Demander une pièce d’identité.</p>"))

    assert _panel(client_staff, page).select_one("form") is None
    assert ProcedureVersion.objects.count() == 1


def test_confirming_again_moves_to_the_new_version(client_staff):
    page = procedure()
    _confirm(client_staff, page)
    publish(page, significant=True, summary="Nouveau circuit")
    _confirm(client_staff, page)

    assert list(ProcedureConfirmation.objects.values_list("version__number", flat=True)) == [2]
    assert _panel(client_staff, page).select_one("form") is None


def test_a_tutorial_cannot_be_confirmed(client_staff):
    page = TutorialFactory(kind=Kind.TUTORIAL)

    assert _confirm(client_staff, page).status_code == 404
    assert not ProcedureConfirmation.objects.exists()


def test_a_volunteer_cannot_confirm_a_staff_procedure(client_volunteer):
    page = procedure(audience=Audience.STAFF)

    assert _confirm(client_volunteer, page).status_code == 404


def test_the_admin_edit_form_starts_unticked(client_coordination):
    page = procedure()
    publish(page, significant=True, summary="Nouveau circuit")

    html = client_coordination.get(f"/admin/pages/{page.pk}/edit/").content
    form = BeautifulSoup(html, "html.parser")

    assert form.select_one("input[name=significant_change]").get("checked") is None
    assert form.select_one("input[name=change_summary]").get("value", "") == ""


# --- who sees the confirmations -----------------------------------------------------------------


@pytest.fixture
def confirmed_network(member):
    """Two libraries; in each, two staff people (one confirmed), the page's owner elsewhere."""
    north, south = LibraryFactory(name="Médiathèque de Kerbréhat"), LibraryFactory(name="Médiathèque de Tréduan")
    owner = member(Role.STAFF, first_name="Katell", library=LibraryFactory(name="Pôle lecture publique"))
    page = procedure(title="Déclarer une panne informatique", owner_person=owner, audience=Audience.STAFF)
    for library, name in ((north, "Loïc"), (south, "Soizic")):
        procedure_confirm(page=page, person=member(Role.STAFF, first_name=name, library=library))
        member(Role.STAFF, library=library)
    return page, owner, north, south


def _report(client, page, query=""):
    return client.get(f"/formation/tutoriels/{page.pk}/confirmations/{query}")


@pytest.mark.parametrize("role, status", [(Role.COORDINATION, 200), (Role.REFERENTS, 200), (Role.STAFF, 403),
                                          (Role.VOLUNTEERS, 404), (Role.ELECTED, 404)],
                         ids=lambda value: getattr(value, "name", str(value)).lower())
def test_who_sees_the_confirmations_for_each_role(confirmed_network, account, client_as, role, status):
    page, *_rest = confirmed_network

    response = _report(client_as(account(role)), page)

    assert response.status_code == status
    link = f"/formation/tutoriels/{page.pk}/confirmations/"
    if status == 200:
        assert link in client_as(account(role)).get(page.url).content.decode()
    elif status == 403:
        assert link not in client_as(account(role)).get(page.url).content.decode()


def test_the_owner_and_coordination_see_every_library_with_its_rate(confirmed_network, client_as,
                                                                    client_coordination):
    page, owner, _north, _south = confirmed_network

    for client in (client_as(owner), client_coordination):
        html = _report(client, page).content
        rows = texts(html, "table:first-of-type tbody tr")
        assert "Médiathèque de Kerbréhat 1 2 50 %" in rows and "Médiathèque de Tréduan 1 2 50 %" in rows
        assert {"Loïc", "Soizic"} <= {name.split()[0] for name in texts(html, "tbody th[scope=row]")}


def test_a_referent_sees_only_their_library(confirmed_network, member, client_as):
    page, _owner, north, south = confirmed_network
    referent = member(Role.REFERENTS, library=north)

    html = _report(client_as(referent), page, f"?bibliotheque={south.pk}").content.decode()

    assert "Loïc" in html and "Soizic" not in html
    assert "Médiathèque de Tréduan" not in html


def test_the_rate_counts_the_current_version_only(confirmed_network, client_coordination):
    page, *_rest = confirmed_network
    publish(page, significant=True, summary="Nouveau numéro d'astreinte")

    rows = texts(_report(client_coordination, page).content, "table:first-of-type tbody tr")

    assert "Médiathèque de Kerbréhat 0 2 0 %" in rows


def test_the_page_and_the_report_have_sound_html(confirmed_network, client_as, member):
    from tests.html import dangling_references, duplicate_ids

    page, owner, north, _south = confirmed_network
    reader = member(Role.REFERENTS, library=north)
    procedure_confirm(page=page, person=reader)
    page = publish(page, significant=True, summary="Nouveau circuit", body=_changed_body(page))
    client = client_as(reader)

    for html in (client.get(page.url).content, _report(client_as(owner), page).content):
        assert duplicate_ids(html) == [] and dangling_references(html) == []


def _admin_publish(client, page, *, significant: bool, summary: str = ""):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    steps = [("step", {"title": block.value["title"], "text": rich_text(block.value["text"].source),
                       "image": {"image": "", "alt_text": "", "decorative": ""}})
             for block in page.body]
    data = nested_form_data({
        "title": page.title, "slug": page.slug, "summary": page.summary, "kind": page.kind,
        "audience": page.audience, "topic": page.topic_id, "tags": "", "body": streamfield(steps),
        "change_summary": summary, "review_interval_months": 12, "comments": {"TOTAL_FORMS": 0,
                                                                              "INITIAL_FORMS": 0}})
    if significant:
        data["significant_change"] = "on"
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_publishing_from_the_admin_with_significant_change_makes_a_version(client_coordination):
    page = procedure()

    assert _admin_publish(client_coordination, page, significant=False).status_code == 302  # a typo fix
    assert ProcedureVersion.objects.count() == 1
    response = _admin_publish(client_coordination, page, significant=True, summary="Nouvelle pièce demandée")

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert list(ProcedureVersion.objects.values_list("number", "change_summary")) == [
        (1, ""), (2, "Nouvelle pièce demandée")]


def test_a_revision_written_from_the_live_page_after_a_significant_change_asks_nobody_again(client_staff):
    page = procedure()
    publish(page, significant=True, summary="Nouveau circuit")
    _confirm(client_staff, page)

    live = type(page).objects.get(pk=page.pk)
    assert (live.significant_change, live.change_summary) == (False, "")
    live.last_reviewed = live.last_published_at.date()
    live.save_revision().publish()  # e.g. « marked as reviewed » by code

    assert ProcedureVersion.objects.count() == 2
    assert _panel(client_staff, page).select_one("form") is None
