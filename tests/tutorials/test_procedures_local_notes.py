"""A library's own notes under the steps of a network procedure: written by its referent or
Coordination, shown to that library's people only; when the network text of the step changes in a
published revision, the library's referent is emailed and sees the change, then keeps or edits
the note."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

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
from tutorials.models import Kind, LocalNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def kerbrehat(member):
    library = LibraryFactory(name="Médiathèque de Kerbréhat")
    return {"library": library, "referent": member(Role.REFERENTS, first_name="Gaëlle", library=library),
            "staff": member(Role.STAFF, first_name="Yann", library=library),
            "volunteer": member(Role.VOLUNTEERS, first_name="Zoé", library=library)}


def _edit_url(page, step_id, library):
    return f"/formation/tutoriels/{page.pk}/etapes/{step_id}/note/{library.pk}/"


def _notes_on_page(client, page) -> list[str]:
    return texts(client.get(page.url).content, ".local-note p:not(.local-note__title)")


def test_the_referent_writes_a_note_that_their_library_reads_under_the_step(kerbrehat, client_as, member):
    page = procedure(audience="everyone")
    first_step = step_ids(page)[0]

    response = client_as(kerbrehat["referent"]).post(_edit_url(page, first_step, kerbrehat["library"]),
                                                     {"text": "Ouvert le mardi de 14 h à 18 h.\nTél. 02 98 00 11 22"})

    assert response.status_code == 302
    for reader in ("staff", "volunteer", "referent"):
        notes = _notes_on_page(client_as(kerbrehat[reader]), page)
        assert notes == ["Ouvert le mardi de 14 h à 18 h. Tél. 02 98 00 11 22"]
    other = member(Role.STAFF, library=LibraryFactory())
    assert _notes_on_page(client_as(other), page) == []
    assert _notes_on_page(client_as(member(Role.COORDINATION)), page) == []


def test_a_note_is_plain_text(kerbrehat, client_as):
    page = procedure()
    client_as(kerbrehat["referent"]).post(_edit_url(page, step_ids(page)[0], kerbrehat["library"]),
                                          {"text": "<script>alert(1)</script> Clé au bureau"})

    html = client_as(kerbrehat["staff"]).get(page.url).content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Clé au bureau" in html


def test_the_referent_changes_and_deletes_their_note(kerbrehat, client_as):
    page = procedure()
    step_id = step_ids(page)[1]
    client = client_as(kerbrehat["referent"])
    url = _edit_url(page, step_id, kerbrehat["library"])
    client.post(url, {"text": "Imprimante du bureau d'accueil"})
    form = BeautifulSoup(client.get(url).content, "html.parser")
    assert form.select_one("textarea[name=text]").get_text().strip() == "Imprimante du bureau d'accueil"

    client.post(url, {"text": "Imprimante de la salle de travail"})
    assert list(LocalNote.objects.values_list("text", flat=True)) == ["Imprimante de la salle de travail"]

    assert client.post(url + "supprimer/").status_code == 302
    assert not LocalNote.objects.exists()


def test_an_empty_note_is_refused_and_nothing_changes(kerbrehat, client_as):
    page = procedure()
    url = _edit_url(page, step_ids(page)[0], kerbrehat["library"])
    client = client_as(kerbrehat["referent"])
    client.post(url, {"text": "Clé au bureau"})

    for bad in ({"text": ""}, {"text": "x" * 2001}):
        assert client.post(url, bad).status_code == 400
    assert list(LocalNote.objects.values_list("text", flat=True)) == ["Clé au bureau"]


@pytest.mark.parametrize("who, status", [("staff", 403), ("volunteer", 403), ("other_referent", 403),
                                         ("coordination", 200), ("referent", 200)])
def test_who_may_write_a_library_note(kerbrehat, member, client_as, who, status):
    page = procedure(audience="everyone")
    people = {**kerbrehat, "other_referent": member(Role.REFERENTS, library=LibraryFactory()),
              "coordination": member(Role.COORDINATION)}
    url = _edit_url(page, step_ids(page)[0], kerbrehat["library"])

    assert client_as(people[who]).get(url).status_code == status
    assert client_as(people[who]).post(url, {"text": "Note"}).status_code == (302 if status == 200 else status)


def test_a_missing_page_step_or_library_is_a_404(kerbrehat, client_as):
    page = procedure()
    client = client_as(kerbrehat["referent"])
    library = kerbrehat["library"]

    assert client.get(_edit_url(page, "pas-une-etape", library)).status_code == 404
    assert client.get(f"/formation/tutoriels/999999/etapes/{step_ids(page)[0]}/note/{library.pk}/").status_code == 404
    tutorial = TutorialFactory(kind=Kind.TUTORIAL)
    assert client.get(_edit_url(tutorial, step_ids(tutorial)[0], library)).status_code == 404
    assert client.get(_edit_url(page, step_ids(page)[0], library) + "supprimer/").status_code == 404  # no note


def _write_note(kerbrehat, client_as, page, step_id, text="Accueil : appeler le 02 98 00 11 22"):
    client_as(kerbrehat["referent"]).post(_edit_url(page, step_id, kerbrehat["library"]), {"text": text})


def test_the_referent_is_told_when_the_step_text_changes(kerbrehat, client_as, django_capture_on_commit_callbacks):
    page = procedure(title="Déclarer une panne informatique")
    first, _second = step_ids(page)
    _write_note(kerbrehat, client_as, page, first)
    blocks = page.body.raw_data
    blocks[0]["value"]["text"] = "<p>Demander une pièce d'identité <strong>valide</strong>.</p>"

    with django_capture_on_commit_callbacks(execute=True):
        publish(page, body=blocks)  # even a typo fix: the note stands on the old text

    assert [message.to for message in mail.outbox] == [[kerbrehat["referent"].user.email]]
    assert "Déclarer une panne informatique" in mail.outbox[0].subject
    assert "/formation/notes-locales/" in mail.outbox[0].body
    html = client_as(kerbrehat["referent"]).get("/formation/notes-locales/").content
    diff = BeautifulSoup(html, "html.parser").select_one(".local-note-review .diff")
    assert [tag.get_text(" ", strip=True) for tag in diff.select("del")] == ["retiré : d'identité."]
    assert [tag.get_text(" ", strip=True) for tag in diff.select("ins")] == ["ajouté : d'identité valide."]


def test_a_change_elsewhere_tells_nobody(kerbrehat, client_as, django_capture_on_commit_callbacks):
    page = procedure()
    first, _second = step_ids(page)
    _write_note(kerbrehat, client_as, page, first)
    blocks = page.body.raw_data
    blocks[1]["value"]["text"] = "<p>Créer la fiche dans le SIGB, puis l'imprimer.</p>"

    with django_capture_on_commit_callbacks(execute=True):
        publish(page, body=blocks, significant=True)

    assert mail.outbox == []
    assert not LocalNote.objects.filter(needs_review=True).exists()


def test_the_referent_marks_the_note_still_right(kerbrehat, client_as):
    page = procedure()
    first = step_ids(page)[0]
    _write_note(kerbrehat, client_as, page, first)
    blocks = page.body.raw_data
    blocks[0]["value"]["text"] = "<p>Demander une pièce d'identité en cours de validité.</p>"
    publish(page, body=blocks)
    note = LocalNote.objects.get()
    client = client_as(kerbrehat["referent"])

    assert client.post(f"/formation/notes-locales/{note.pk}/toujours-juste/").status_code == 302

    note.refresh_from_db()
    assert not note.needs_review and note.base_text == "Demander une pièce d'identité en cours de validité."
    assert texts(client.get("/formation/notes-locales/").content, ".local-note-review") == []


def test_another_library_cannot_look_at_the_notes(kerbrehat, client_as, member, client_staff):
    page = procedure()
    _write_note(kerbrehat, client_as, page, step_ids(page)[0])
    LocalNote.objects.update(needs_review=True)
    note = LocalNote.objects.get()
    other = client_as(member(Role.REFERENTS, library=LibraryFactory()))

    assert texts(other.get("/formation/notes-locales/").content, ".local-note-review") == []
    assert other.post(f"/formation/notes-locales/{note.pk}/toujours-juste/").status_code == 404
    assert client_staff.get("/formation/notes-locales/").status_code == 403
    assert LocalNote.objects.get().needs_review


def test_a_note_whose_step_was_removed_is_shown_and_can_be_deleted(kerbrehat, client_as):
    page = procedure()
    _first, second = step_ids(page)
    _write_note(kerbrehat, client_as, page, second)
    publish(page, significant=True, body=[page.body.raw_data[0]])
    client = client_as(kerbrehat["referent"])

    review = client.get("/formation/notes-locales/").content
    assert texts(review, ".local-note-review .status") == ["Étape retirée"]

    assert client.post(_edit_url(page, second, kerbrehat["library"]) + "supprimer/").status_code == 302
    assert not LocalNote.objects.exists()


def test_coordination_finds_another_library_to_write_for(kerbrehat, member, client_as):
    page = procedure()
    # The coordination's own library named apart: factory libraries take their towns in turn, Kerbréhat too.
    coordination = member(Role.COORDINATION, library=LibraryFactory(name="Siège de l'agglomération", commune="Port"))
    first = step_ids(page)[0]

    html = client_as(coordination).get(_edit_url(page, first, coordination.library) + "?recherche=kerbr").content

    assert texts(html, ".library-choices a") == ["Médiathèque de Kerbréhat"]
    assert BeautifulSoup(html, "html.parser").select_one(".library-choices a")["href"] == _edit_url(
        page, first, kerbrehat["library"])
    referent_html = client_as(kerbrehat["referent"]).get(_edit_url(page, first, kerbrehat["library"])).content
    assert BeautifulSoup(referent_html, "html.parser").select_one("#other-library") is None
