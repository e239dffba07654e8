"""Demo data of the procedures family (seed_demo), run after the tutorials' pages: confirmations and
feedback, one procedure with a second version (a significant change) so that some readers — among
them personnel@demo.test — are asked again, and one procedure with the notes of the referent's
library under two of its steps. Idempotent: every record is looked for before it is made."""

from django.db import transaction
from django.utils import timezone

from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Person
from intranet.roles import Role

from .models import Kind, LocalNote, PageFeedback, ProcedureConfirmation, ProcedureVersion, TutorialPage
from .selectors.procedures import steps_of
from .services.procedures import local_note_save, procedure_current_version

CHANGE_SUMMARY = "Nouveau numéro d'astreinte informatique et photo de l'écran d'erreur à joindre au ticket."
ADDED_SENTENCE = " Joindre une photo de l'écran d'erreur et appeler l'astreinte au 02 98 00 42 42."
NOTES = [
    "À la médiathèque : la clé du local technique est au bureau d'accueil, tiroir de gauche. "
    "En l'absence de l'équipe, prévenir le secrétariat de mairie (02 98 12 34 56).",
    "Notre poste de prêt n° 2 est branché sur l'onduleur de la banque d'accueil : le redémarrer "
    "en premier. Matériel de secours : un portable dans l'armoire du bureau.",
]
COMMENTS = [
    (True, "Très clair, j'ai pu le faire seule du premier coup."),
    (True, ""),
    (False, "Il manque le cas des usagers mineurs."),
    (True, "Les captures d'écran aident beaucoup."),
    (False, "L'étape 3 ne correspond plus à l'écran du SIGB."),
    (True, ""),
]


def _person(role: Role) -> Person | None:
    return Person.objects.select_related("library", "user").filter(user__email=DEMO_ACCOUNTS[role]).first()


def _people(role: Role, limit: int) -> list[Person]:
    return list(Person.objects.filter(active=True, user__groups__name=role).order_by("pk")[:limit])


def _second_version(page: TutorialPage) -> TutorialPage:
    """Publish a significant change of the page's first step (once: a page with two versions is left alone)."""
    if ProcedureVersion.objects.filter(page=page).count() >= 2:
        return page
    blocks = list(page.body.raw_data)
    first_step = next((block for block in blocks if block.get("type") == "step"), None)
    if first_step is not None:
        first_step["value"]["text"] = (first_step["value"].get("text") or "").rstrip() + f"<p>{ADDED_SENTENCE}</p>"
        page.body = blocks
    page.significant_change, page.change_summary = True, CHANGE_SUMMARY
    page.save_revision().publish()
    return TutorialPage.objects.get(pk=page.pk)


@transaction.atomic
def seed_procedures(*, scale: int) -> dict:
    procedures = list(TutorialPage.objects.live().filter(kind=Kind.PROCEDURE).order_by("title", "pk"))
    if not procedures:
        return {}  # the tutorials' pages come from the content family's seeder, which runs first
    staff = _people(Role.STAFF, 40 * scale)
    volunteers = _people(Role.VOLUNTEERS, 10 * scale)
    personnel, referent = _person(Role.STAFF), _person(Role.REFERENTS)
    now = timezone.now()

    # The procedure that changed: the outage procedure when there is one, asked again to early readers.
    changed = next((page for page in procedures if "panne" in page.title.lower()), procedures[0])
    if not ProcedureVersion.objects.filter(page=changed).exists():
        changed.significant_change, changed.change_summary = False, ""
        changed.save_revision().publish()  # its version 1, with the revision the changes are read from
    first_version = ProcedureVersion.objects.get(page=changed, number=1)
    early_readers = [person for person in [personnel, *staff[::3]] if person is not None]
    ProcedureConfirmation.objects.bulk_create(
        [ProcedureConfirmation(person=person, page=changed, version=first_version, confirmed_at=now)
         for person in early_readers], ignore_conflicts=True)
    changed = _second_version(changed)

    # Confirmations of the current version of each procedure by some of the staff.
    rows = []
    for index, page in enumerate(procedures):
        version = procedure_current_version(page=page)
        readers = staff[1 + index % 3::4]
        rows += [ProcedureConfirmation(person=person, page=page, version=version, confirmed_at=now)
                 for person in readers]
    ProcedureConfirmation.objects.bulk_create(rows, ignore_conflicts=True)

    # Feedback on the first tutorials and procedures.
    pages = list(TutorialPage.objects.live().order_by("title", "pk")[:10 * scale])
    readers = [*staff, *volunteers]
    feedback = []
    for index, page in enumerate(pages):
        for offset in range(3):
            if not readers:
                break
            helpful, comment = COMMENTS[(index + offset) % len(COMMENTS)]
            feedback.append(PageFeedback(page=page, person=readers[(index * 3 + offset) % len(readers)],
                                         helpful=helpful, comment=comment))
    PageFeedback.objects.bulk_create(feedback, ignore_conflicts=True)

    # The referent's library's own notes under two steps of a procedure (another one when possible).
    noted = next((page for page in procedures if page.pk != changed.pk and len(steps_of(page.body)) >= 2),
                 changed)
    if referent is not None and referent.library_id is not None:
        for step, text in zip(list(steps_of(noted.body).values())[:2], NOTES, strict=False):
            if not LocalNote.objects.filter(page=noted, library=referent.library, step_id=step.id).exists():
                local_note_save(page=noted, library=referent.library, step_id=step.id, text=text, by=referent)

    return {"procedure versions": ProcedureVersion.objects.count(),
            "procedure confirmations": ProcedureConfirmation.objects.count(),
            "page feedback": PageFeedback.objects.count(), "local notes": LocalNote.objects.count()}
