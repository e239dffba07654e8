"""Writes of the procedures family: feedback, confirmations, versions recorded on publication, and
libraries' local notes (with their referents told when the network text under a note changes)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intranet.models import Library, Person
from intranet.notifications import send_templated_email
from intranet.roles import Role
from intranet.text import clean_text

from .. import permissions
from ..errors import NotAllowed, Refused
from ..models import Kind, LocalNote, PageFeedback, ProcedureConfirmation, ProcedureVersion, TutorialPage
from ..models.procedures import COMMENT_MAX_LENGTH, NOTE_MAX_LENGTH
from ..selectors.procedures import steps_of


def _check_can_read(page: TutorialPage, person: Person) -> None:
    if person.user is None or not TutorialPage.objects.live().visible_to(person.user).filter(pk=page.pk).exists():
        raise NotAllowed(_("This page is not meant for you."))


# --- feedback ----------------------------------------------------------------------------------


@transaction.atomic
def feedback_save(*, page: TutorialPage, person: Person, helpful: bool, comment: str = "") -> PageFeedback:
    """The reader's answer to « Cette page vous a-t-elle aidé ? »: one per person and page, replaced
    when they answer again."""
    _check_can_read(page, person)
    comment = clean_text(comment or "")
    if len(comment) > COMMENT_MAX_LENGTH:
        raise Refused(_("The comment is too long (%(max)d characters at most).") % {"max": COMMENT_MAX_LENGTH})
    feedback, _created = PageFeedback.objects.update_or_create(
        page=page, person=person, defaults={"helpful": helpful, "comment": comment})
    return feedback


# --- versions and confirmations ----------------------------------------------------------------


@transaction.atomic
def procedure_page_published(*, page: TutorialPage, revision) -> ProcedureVersion | None:
    """Called when a revision of a tutorial page is published (Wagtail's page_published): a
    procedure's first publication is its version 1, and every revision published with « significant
    change » ticked its next version; then the libraries whose notes hang on a step whose network
    text changed are told. Returns the version recorded, if any."""
    version = None
    if page.kind == Kind.PROCEDURE:
        last = ProcedureVersion.objects.filter(page=page).order_by("-number").first()
        if last is None or (page.significant_change and last.revision_id != getattr(revision, "pk", None)):
            version = ProcedureVersion.objects.create(
                page=page, revision=revision, number=(last.number + 1) if last else 1,
                published_at=page.last_published_at or timezone.now(),
                change_summary=page.change_summary if last else "")
    if page.significant_change or page.change_summary:
        # They describe the revision just published, not the page: a later revision written from the
        # live page (a review date set by code, a scheduled change) must not inherit them and ask
        # every reader again. The admin's form starts unticked on its own (TutorialPageForm).
        TutorialPage.objects.filter(pk=page.pk).update(significant_change=False, change_summary="")
        page.significant_change, page.change_summary = False, ""
    local_notes_flag_changes(page=page, revision=revision)
    return version


@transaction.atomic
def procedure_current_version(*, page: TutorialPage) -> ProcedureVersion:
    """The version readers confirm now; a procedure published before versions were recorded gets its
    version 1 from its live revision."""
    version = ProcedureVersion.objects.filter(page=page).order_by("-number").first()
    if version is None:
        version = ProcedureVersion.objects.create(page=page, revision_id=page.live_revision_id, number=1,
                                                  published_at=page.last_published_at or timezone.now())
    return version


@transaction.atomic
def procedure_confirm(*, page: TutorialPage, person: Person) -> ProcedureConfirmation:
    """« J'ai lu et j'applique cette procédure », for its current version."""
    if page.kind != Kind.PROCEDURE:
        raise Refused(_("Only procedures are confirmed."))
    _check_can_read(page, person)
    version = procedure_current_version(page=page)
    try:
        with transaction.atomic():
            confirmation, _created = ProcedureConfirmation.objects.update_or_create(
                page=page, person=person, defaults={"version": version, "confirmed_at": timezone.now()})
    except IntegrityError as exc:  # the same person confirming twice at once: one row wins
        raise Refused(_("Your confirmation was already recorded.")) from exc
    return confirmation


# --- local notes -------------------------------------------------------------------------------


def _check_note_rights(*, page: TutorialPage, library: Library, by: Person) -> None:
    if by.user is None or not permissions.can_write_local_note(by.user, library.pk):
        raise NotAllowed(_("Only the referent of this library or Coordination may write its notes."))
    if page.kind != Kind.PROCEDURE:
        raise Refused(_("Local notes are for the steps of a procedure."))


@transaction.atomic
def local_note_save(*, page: TutorialPage, library: Library, step_id: str, text: str, by: Person) -> LocalNote:
    """Write or replace a library's note under a step; the note now stands on the step's current
    network text (so an edit also answers « this needs a look »)."""
    _check_note_rights(page=page, library=library, by=by)
    step = steps_of(page.body).get(step_id)
    if step is None:
        raise Refused(_("This step does not exist (any more) in the procedure."))
    text = clean_text(text or "")
    if not text:
        raise Refused(_("Write the note, or delete it."))
    if len(text) > NOTE_MAX_LENGTH:
        raise Refused(_("The note is too long (%(max)d characters at most).") % {"max": NOTE_MAX_LENGTH})
    note, _created = LocalNote.objects.update_or_create(
        page=page, library=library, step_id=step_id,
        defaults={"text": text, "base_text": step.text, "base_revision_id": page.live_revision_id,
                  "needs_review": False, "updated_by": by})
    return note


@transaction.atomic
def local_note_delete(*, note: LocalNote, by: Person) -> None:
    _check_note_rights(page=note.page, library=note.library, by=by)
    note.delete()


@transaction.atomic
def local_note_still_right(*, note: LocalNote, by: Person) -> LocalNote:
    """The referent read the new network text: their note stays as it is and stands on that text."""
    _check_note_rights(page=note.page, library=note.library, by=by)
    step = steps_of(note.page.body).get(note.step_id)
    if step is None:
        raise Refused(_("This step was removed from the procedure: delete the note."))
    note.base_text, note.base_revision_id, note.needs_review, note.updated_by = (
        step.text, note.page.live_revision_id, False, by)
    note.save(update_fields=["base_text", "base_revision", "needs_review", "updated_by", "updated_at"])
    return note


def local_notes_flag_changes(*, page: TutorialPage, revision) -> list[LocalNote]:
    """Mark the notes whose step's network text is no longer the one they were written on (or whose
    step was removed) and email each library's referents once, after commit."""
    notes = list(LocalNote.objects.filter(page=page, needs_review=False).select_related("library"))
    if not notes:
        return []
    steps = steps_of(page.body)
    flagged = [note for note in notes if note.step_id not in steps or steps[note.step_id].text != note.base_text]
    if not flagged:
        return []
    for note in flagged:
        note.needs_review = True
    LocalNote.objects.bulk_update(flagged, ["needs_review"])
    by_library: dict[int, list[LocalNote]] = {}
    for note in flagged:
        by_library.setdefault(note.library_id, []).append(note)
    referents = (Person.objects.filter(library_id__in=by_library, active=True, user__is_active=True,
                                       user__groups__name=Role.REFERENTS)
                 .select_related("user").distinct())
    emails: dict[int, list[str]] = {}
    for referent in referents:
        emails.setdefault(referent.library_id, []).append(referent.user.email)
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for library_id, library_notes in by_library.items():
        send_templated_email(
            to=emails.get(library_id, []), template="tutorials/email/local_notes_to_review",
            context={"page": page, "library": library_notes[0].library, "count": len(library_notes),
                     "steps": [steps.get(note.step_id) for note in library_notes], "site_url": site_url})
    return flagged
