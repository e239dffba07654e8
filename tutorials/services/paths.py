"""Writes of training paths: enrolments and the progress of each step. Every rule lives here; views,
commands and the demo call these. Emails leave after commit (intranet.notifications)."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calendar_sync import services as booking_services
from intranet.caching import bump
from intranet.models import Person
from intranet.notifications import send_templated_email
from intranet.text import clean_line, clean_text

from ..errors import NotAllowed, Refused
from ..models import Enrolment, PathStep, StepKind, StepProgress, StepStatus, TrainingPathPage
from ..models.paths import FINISHED
from ..permissions import can_book_for, can_enrol, can_review, can_withdraw, is_staff_person
from ..selectors.paths import PATHS_CACHE

__all__ = [
    "enrolment_complete",
    "enrolment_create",
    "enrolment_withdraw",
    "step_book_room",
    "step_mark_done",
    "step_send_back",
    "step_undo",
    "step_validate",
]


def _changed() -> None:
    """The dashboard panels of paths are cached: forget them once this write commits."""
    transaction.on_commit(lambda: bump(PATHS_CACHE))


def _path_visible_to(path: TrainingPathPage, person: Person) -> bool:
    return person.user is not None and TrainingPathPage.objects.live().visible_to(person.user).filter(
        pk=path.pk).exists()


@transaction.atomic
def enrolment_create(*, path: TrainingPathPage, person: Person, by: Person, mentor: Person | None = None,
                     target_date: dt.date | None = None) -> Enrolment:
    """Enrol `person` in `path`: by Coordination, by a referent for the people of their library, or by
    the person themself when the path is open to self-enrolment (their own mentor then follows them)."""
    today = timezone.localdate()
    myself = by.pk == person.pk
    if not can_enrol(by, person):
        if not myself:
            raise NotAllowed(_("You may enrol only the people of your library."))
        if not path.self_enrolment:
            raise NotAllowed(_("This path is not open to self-enrolment: ask your referent or the coordination."))
    if myself:
        if mentor is None and person.mentor_id and is_staff_person(person.mentor):
            mentor = person.mentor
        if target_date is None:
            target_date = today + dt.timedelta(weeks=path.duration_weeks)
    if person.user_id is None or not person.active:
        raise Refused(_("This person has no account on the intranet: they could not follow the path."),
                      field="person")
    if not _path_visible_to(path, person):
        raise Refused(_("This path is not meant for this person's audience."), field="person")
    if mentor is not None:
        if mentor.pk == person.pk:
            raise Refused(_("Nobody can be their own mentor."), field="mentor")
        if not is_staff_person(mentor):
            raise Refused(_("The mentor must be a member of staff."), field="mentor")
    elif not myself:
        raise Refused(_("Choose a mentor."), field="mentor")
    if target_date is not None and target_date < today:
        raise Refused(_("The target date is in the past."), field="target_date")
    existing = Enrolment.objects.current().filter(person=person, path=path)
    if existing.filter(completed_at__isnull=False).exists():
        raise Refused(_("%(person)s has already completed this path.") % {"person": person.full_name})
    if existing.exists():
        raise Refused(_("%(person)s is already enrolled in this path.") % {"person": person.full_name})
    try:
        with transaction.atomic():
            _changed()
            return Enrolment.objects.create(person=person, path=path, mentor=mentor, target_date=target_date,
                                            enrolled_by=by, enrolled_at=timezone.now())
    except IntegrityError as exc:  # a second click won the race
        raise Refused(_("%(person)s is already enrolled in this path.") % {"person": person.full_name}) from exc


def _locked(enrolment: Enrolment) -> Enrolment:
    return (Enrolment.objects.select_for_update(of=("self",))
            .select_related("person__user", "mentor__user", "path").get(pk=enrolment.pk))


def _open_step(enrolment: Enrolment, step: PathStep) -> None:
    if step.path_id != enrolment.path_id:
        raise Refused(_("This step is not part of this path."))
    if enrolment.withdrawn_at is not None:
        raise Refused(_("This enrolment was withdrawn."))


def _progress(enrolment: Enrolment, step: PathStep) -> StepProgress:
    progress, _created = StepProgress.objects.select_for_update().get_or_create(enrolment=enrolment, step=step)
    return progress


def is_finished(enrolment: Enrolment, progress_by_step: dict[int, str]) -> bool:
    """Every step done, and every step the mentor must validate validated."""
    for step in enrolment.path.steps.all():
        status = progress_by_step.get(step.pk)
        if step.needs_validation and status != StepStatus.VALIDATED:
            return False
        if not step.needs_validation and status not in FINISHED:
            return False
    return True


def _update_completion(enrolment: Enrolment) -> None:
    """Dates the completion when the last step is finished, clears it when a step is reopened."""
    _changed()
    statuses = dict(StepProgress.objects.filter(enrolment=enrolment).values_list("step_id", "status"))
    finished = is_finished(enrolment, statuses)
    if finished and enrolment.completed_at is None:
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    elif not finished and enrolment.completed_at is not None:
        enrolment.completed_at = None
        enrolment.save(update_fields=["completed_at"])


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment) -> Enrolment:
    """Date the completion of an enrolment whose steps are all finished (the step services call this
    after each change); refuses one that is not finished."""
    enrolment = _locked(enrolment)
    _update_completion(enrolment)
    if enrolment.completed_at is None:
        raise Refused(_("Some steps are not done or not validated yet."))
    return enrolment


@transaction.atomic
def step_mark_done(*, enrolment: Enrolment, step: PathStep, by: Person) -> StepProgress:
    """The learner marks a step done; one their mentor must validate waits in the mentor's queue."""
    enrolment = _locked(enrolment)
    if by.pk != enrolment.person_id:
        raise NotAllowed(_("Only the learner marks their steps done."))
    _open_step(enrolment, step)
    progress = _progress(enrolment, step)
    if progress.status in (StepStatus.DONE, StepStatus.WAITING, StepStatus.VALIDATED):
        raise Refused(_("This step is already marked done."))
    progress.status = StepStatus.WAITING if step.needs_validation else StepStatus.DONE
    progress.done_at = timezone.now()
    progress.save()
    _update_completion(enrolment)
    if progress.status == StepStatus.WAITING:
        _notify_mentor(enrolment, step)
    return progress


def _review(enrolment: Enrolment, step: PathStep, by: Person) -> StepProgress:
    if not can_review(by, enrolment):
        raise NotAllowed(_("Only the learner's mentor or the coordination validates their steps."))
    _open_step(enrolment, step)
    progress = _progress(enrolment, step)
    if progress.status != StepStatus.WAITING:
        raise Refused(_("This step is not waiting for validation."))
    return progress


@transaction.atomic
def step_validate(*, enrolment: Enrolment, step: PathStep, by: Person, comment: str = "") -> StepProgress:
    enrolment = _locked(enrolment)
    progress = _review(enrolment, step, by)
    progress.status = StepStatus.VALIDATED
    progress.reviewed_at, progress.reviewed_by, progress.comment = timezone.now(), by, clean_text(comment)
    progress.save()
    _update_completion(enrolment)
    _notify_learner(enrolment, step, progress, "tutorials/paths/email/step_validated")
    return progress


@transaction.atomic
def step_send_back(*, enrolment: Enrolment, step: PathStep, by: Person, comment: str) -> StepProgress:
    """The mentor sends a step back with a comment saying what is missing; the learner marks it done again."""
    comment = clean_text(comment)
    if not comment:
        raise Refused(_("Say what is missing: the learner reads your comment."), field="comment")
    enrolment = _locked(enrolment)
    progress = _review(enrolment, step, by)
    progress.status = StepStatus.SENT_BACK
    progress.reviewed_at, progress.reviewed_by, progress.comment = timezone.now(), by, comment
    progress.save()
    _changed()
    _notify_learner(enrolment, step, progress, "tutorials/paths/email/step_sent_back")
    return progress


@transaction.atomic
def step_undo(*, enrolment: Enrolment, step: PathStep, by: Person) -> StepProgress:
    """The learner takes back a step marked by mistake (not one already validated); the mentor or the
    coordination takes back a validation (the step waits again)."""
    enrolment = _locked(enrolment)
    _open_step(enrolment, step)
    progress = _progress(enrolment, step)
    if progress.status == StepStatus.VALIDATED:
        if not can_review(by, enrolment):
            raise NotAllowed(_("Only the mentor or the coordination takes back a validation."))
        progress.status, progress.reviewed_at, progress.reviewed_by = StepStatus.WAITING, None, None
    elif progress.status in (StepStatus.DONE, StepStatus.WAITING):
        if by.pk != enrolment.person_id:
            raise NotAllowed(_("Only the learner takes back their own steps."))
        progress.status, progress.done_at = StepStatus.TODO, None
    else:
        raise Refused(_("This step is not marked done."))
    progress.save()
    _update_completion(enrolment)
    return progress


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, by: Person) -> Enrolment:
    """The learner, Coordination or the referent of the learner's library ends an enrolment (kept in
    the history; the person may be enrolled again)."""
    enrolment = _locked(enrolment)
    if not can_withdraw(by, enrolment):
        raise NotAllowed(_("You may not withdraw this enrolment."))
    if enrolment.withdrawn_at is not None:
        raise Refused(_("This enrolment was already withdrawn."))
    if enrolment.completed_at is not None:
        raise Refused(_("A completed path cannot be withdrawn."))
    enrolment.withdrawn_at, enrolment.withdrawn_by = timezone.now(), by
    enrolment.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _changed()
    return enrolment


@transaction.atomic
def step_book_room(*, enrolment: Enrolment, step: PathStep, by: Person, room, start: dt.datetime,
                   end: dt.datetime, title: str, attendees: int = 2, note: str = ""):
    """Book a room for a training-session step through calendar_sync's booking_create (its rules and
    conflict check apply as they are) and keep the booking on the step's progress."""
    enrolment = _locked(enrolment)
    if not can_book_for(by, enrolment):
        raise NotAllowed(_("Only the learner or their mentor books a room for this step."))
    _open_step(enrolment, step)
    if step.kind != StepKind.SESSION:
        raise Refused(_("Only a training session is booked in a room."))
    progress = _progress(enrolment, step)
    booking = booking_services.booking_create(room=room, organizer=by, start=start, end=end,
                                              title=clean_line(title), attendees=attendees, note=note)
    progress.booking = booking
    progress.save(update_fields=["booking"])
    _changed()
    return booking


# --- emails ---------------------------------------------------------------------------------------


def _absolute(site: str, url: str | None) -> str:
    url = url or ""
    return site + url if url.startswith("/") else url


def _context(enrolment: Enrolment, step: PathStep, **extra) -> dict:
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return {"enrolment": enrolment, "step": step, "path": enrolment.path, "learner": enrolment.person,
            "mentor": enrolment.mentor, "path_url": _absolute(site, enrolment.path.get_url()),
            "mentees_url": site + reverse("tutorials:my_mentees"), **extra}


def _notify_mentor(enrolment: Enrolment, step: PathStep) -> None:
    if enrolment.mentor is not None and enrolment.mentor.user is not None:
        send_templated_email(to=[enrolment.mentor.user.email], template="tutorials/paths/email/step_waiting",
                             context=_context(enrolment, step))


def _notify_learner(enrolment: Enrolment, step: PathStep, progress: StepProgress, template: str) -> None:
    if enrolment.person.user is not None:
        send_templated_email(to=[enrolment.person.user.email], template=template,
                             context=_context(enrolment, step, progress=progress))
