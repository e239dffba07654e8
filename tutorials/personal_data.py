"""The tutorials' entry in « Mes données » (intranet.personal_data): the training paths one follows,
mentors, enrolled or withdrew others from, the steps one did or reviewed, the answers to « Cette page
vous a-t-elle aidé ? », the procedures one confirmed, the local notes one last wrote, the pages one
owns and the review reminders sent to one's address.

Leaving (`leave`): the person's open enrolments are withdrawn through `enrolment_withdraw` (their
progress stays, readable by Coordination, until the anonymisation); the open enrolments they mentor
and the tutorials they own go to the successor, and without one the departure is refused; the log of
review reminders sent to their address is erased (nothing more will be sent to it).

Anonymising (`anonymise`): their enrolments and step progress, their answers and their confirmations
are deleted; the local notes they wrote stay (they are the library's) without their name. Their name
stays where it is part of someone else's training record: as the mentor of, the reviewer of a step
of, or the person who enrolled or withdrew another learner (it says who validated that learner's
training)."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy
from wagtail.models import Revision

from intranet.caching import bump
from intranet.departures import DepartureRefused
from intranet.models import Departure, Person
from intranet.personal_data import Change, PersonalData, Table, change, table

from .models import (
    Enrolment,
    LocalNote,
    PageFeedback,
    ProcedureConfirmation,
    ReviewReminder,
    StepProgress,
    TutorialPage,
)
from .permissions import can_withdraw, is_staff_person
from .selectors.paths import PATHS_CACHE
from .services import paths as path_services


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""


def _url(page) -> str:
    return page.url_path if page is not None else ""


def export(person: Person) -> list[Table]:
    """Eleven queries whatever the volume: one per table."""
    tables = []
    enrolments = (Enrolment.objects.filter(person=person)
                  .select_related("path", "mentor", "enrolled_by", "withdrawn_by").order_by("enrolled_at", "pk"))
    tables.append(table("enrolments", gettext_lazy("My training paths"), {
        "path": gettext_lazy("Path"), "mentor": gettext_lazy("Mentor"), "enrolled_at": gettext_lazy("Enrolled on"),
        "enrolled_by": gettext_lazy("Enrolled by"), "target_date": gettext_lazy("Target date"),
        "completed_at": gettext_lazy("Completed on"), "withdrawn_at": gettext_lazy("Withdrawn on"),
        "withdrawn_by": gettext_lazy("Withdrawn by"),
    }, ({"path": enrolment.path.title, "mentor": _name(enrolment.mentor), "enrolled_at": enrolment.enrolled_at,
         "enrolled_by": _name(enrolment.enrolled_by), "target_date": enrolment.target_date,
         "completed_at": enrolment.completed_at, "withdrawn_at": enrolment.withdrawn_at,
         "withdrawn_by": _name(enrolment.withdrawn_by)} for enrolment in enrolments)))

    progress = (StepProgress.objects.filter(enrolment__person=person)
                .select_related("enrolment__path", "step", "reviewed_by", "booking")
                .order_by("enrolment__enrolled_at", "enrolment_id", "step__sort_order", "pk"))
    tables.append(table("steps", gettext_lazy("My steps"), {
        "path": gettext_lazy("Path"), "step": gettext_lazy("Step"), "status": gettext_lazy("Status"),
        "done_at": gettext_lazy("Done on"), "reviewed_at": gettext_lazy("Reviewed on"),
        "reviewed_by": gettext_lazy("Reviewed by"), "comment": gettext_lazy("Mentor's comment"),
        "booking": gettext_lazy("Room booked for"),
    }, ({"path": row.enrolment.path.title, "step": row.step.title, "status": str(row.get_status_display()),
         "done_at": row.done_at, "reviewed_at": row.reviewed_at, "reviewed_by": _name(row.reviewed_by),
         "comment": row.comment, "booking": row.booking.start if row.booking else None} for row in progress)))

    mentored = (Enrolment.objects.filter(mentor=person).exclude(person=person)
                .select_related("person", "path").order_by("enrolled_at", "pk"))
    tables.append(table("mentored", gettext_lazy("Enrolments I mentor"), {
        "learner": gettext_lazy("Learner"), "path": gettext_lazy("Path"), "enrolled_at": gettext_lazy("Enrolled on"),
        "completed_at": gettext_lazy("Completed on"), "withdrawn_at": gettext_lazy("Withdrawn on"),
    }, ({"learner": enrolment.person.full_name, "path": enrolment.path.title, "enrolled_at": enrolment.enrolled_at,
         "completed_at": enrolment.completed_at, "withdrawn_at": enrolment.withdrawn_at} for enrolment in mentored)))

    recorded = (Enrolment.objects.filter(Q(enrolled_by=person) | Q(withdrawn_by=person)).exclude(person=person)
                .select_related("person", "path").order_by("enrolled_at", "pk"))
    recorded_rows = []
    for enrolment in recorded:
        if enrolment.enrolled_by_id == person.pk:
            recorded_rows.append({"learner": enrolment.person.full_name, "path": enrolment.path.title,
                                  "action": _("Enrolled"), "at": enrolment.enrolled_at})
        if enrolment.withdrawn_by_id == person.pk:
            recorded_rows.append({"learner": enrolment.person.full_name, "path": enrolment.path.title,
                                  "action": _("Withdrew"), "at": enrolment.withdrawn_at})
    tables.append(table("enrolments_recorded", gettext_lazy("Other people's enrolments I recorded or withdrew"), {
        "learner": gettext_lazy("Learner"), "path": gettext_lazy("Path"), "action": gettext_lazy("What"),
        "at": gettext_lazy("On"),
    }, recorded_rows))

    reviews = (StepProgress.objects.filter(reviewed_by=person).exclude(enrolment__person=person)
               .select_related("enrolment__person", "enrolment__path", "step").order_by("reviewed_at", "pk"))
    tables.append(table("reviews", gettext_lazy("Steps of others I reviewed"), {
        "learner": gettext_lazy("Learner"), "path": gettext_lazy("Path"), "step": gettext_lazy("Step"),
        "status": gettext_lazy("Status"), "reviewed_at": gettext_lazy("Reviewed on"),
        "comment": gettext_lazy("My comment"),
    }, ({"learner": row.enrolment.person.full_name, "path": row.enrolment.path.title, "step": row.step.title,
         "status": str(row.get_status_display()), "reviewed_at": row.reviewed_at, "comment": row.comment}
        for row in reviews)))

    feedback = PageFeedback.objects.filter(person=person).select_related("page").order_by("created_at", "pk")
    tables.append(table("feedback", gettext_lazy("My answers to « Did this page help you? »"), {
        "page": gettext_lazy("Page"), "url": gettext_lazy("Address"), "helpful": gettext_lazy("Helped"),
        "comment": gettext_lazy("Comment"), "created_at": gettext_lazy("Answered on"),
        "updated_at": gettext_lazy("Changed on"),
    }, ({"page": row.page.title, "url": _url(row.page), "helpful": row.helpful, "comment": row.comment,
         "created_at": row.created_at, "updated_at": row.updated_at} for row in feedback)))

    confirmations = (ProcedureConfirmation.objects.filter(person=person).select_related("page", "version")
                     .order_by("confirmed_at", "pk"))
    tables.append(table("confirmations", gettext_lazy("Procedures I confirmed reading"), {
        "page": gettext_lazy("Procedure"), "url": gettext_lazy("Address"), "version": gettext_lazy("Version"),
        "confirmed_at": gettext_lazy("Confirmed on"),
    }, ({"page": row.page.title, "url": _url(row.page), "version": row.version.number,
         "confirmed_at": row.confirmed_at} for row in confirmations)))

    notes = LocalNote.objects.filter(updated_by=person).select_related("page", "library").order_by("updated_at", "pk")
    tables.append(table("local_notes", gettext_lazy("Local notes I last wrote"), {
        "page": gettext_lazy("Procedure"), "library": gettext_lazy("Library"), "text": gettext_lazy("Note"),
        "updated_at": gettext_lazy("Updated on"),
    }, ({"page": note.page.title, "library": note.library.name, "text": note.text, "updated_at": note.updated_at}
        for note in notes)))

    owned = (TutorialPage.objects.filter(owner_person=person)
             .only("title", "url_path", "kind", "live", "last_reviewed", "review_due").order_by("path"))
    tables.append(table("owned_pages", gettext_lazy("Tutorials and procedures I own"), {
        "title": gettext_lazy("Title"), "url": gettext_lazy("Address"), "kind": gettext_lazy("Kind"),
        "live": pgettext_lazy("tutorial", "Published"), "last_reviewed": gettext_lazy("Last reviewed"),
        "review_due": gettext_lazy("Review due on"),
    }, ({"title": page.title, "url": page.url_path, "kind": str(page.get_kind_display()), "live": page.live,
         "last_reviewed": page.last_reviewed, "review_due": page.review_due} for page in owned)))

    email = Person.objects.filter(pk=person.pk).values_list("user__email", flat=True).first()
    reminders = (ReviewReminder.objects.filter(email=email).order_by("sent_at", "pk")
                 .values("period", "sent_at", "pages") if email else [])
    tables.append(table("review_reminders", gettext_lazy("Review reminders sent to me"), {
        "period": gettext_lazy("Month"), "sent_at": gettext_lazy("Sent on"), "pages": gettext_lazy("Pages"),
    }, reminders))
    return tables


def _refuse_without_successor(mentored: int, owned: int) -> None:
    needs = []
    if mentored:
        needs.append(ngettext("%(count)d training path enrolment they mentor",
                              "%(count)d training path enrolments they mentor", mentored) % {"count": mentored})
    if owned:
        needs.append(ngettext("%(count)d tutorial they own", "%(count)d tutorials they own", owned)
                     % {"count": owned})
    if needs:
        raise DepartureRefused(_("Name a successor to take over %(what)s.")
                               % {"what": pgettext("list", "; ").join(needs)})


def _hand_over_pages(pages, successor: Person) -> int:
    """The successor owns the pages; a draft waiting to be published names them too (publishing a
    revision restores the owner it was written with)."""
    pages = list(pages.only("pk", "latest_revision", "live_revision"))
    if not pages:
        return 0
    TutorialPage.objects.filter(pk__in=[page.pk for page in pages]).update(owner_person=successor)
    drafts = [page.latest_revision_id for page in pages
              if page.latest_revision_id and page.latest_revision_id != page.live_revision_id]
    for revision in Revision.objects.filter(pk__in=drafts):
        if isinstance(revision.content, dict) and "owner_person" in revision.content:
            revision.content["owner_person"] = successor.pk
            revision.save(update_fields=["content"])
    return len(pages)


def leave(departure: Departure) -> list[Change]:
    person, successor = departure.person, departure.successor
    mentored = Enrolment.objects.open().filter(mentor=person).exclude(person=person)
    owned = TutorialPage.objects.filter(owner_person=person)
    mentored_count, owned_count = mentored.count(), owned.count()
    if successor is None:
        _refuse_without_successor(mentored_count, owned_count)
    elif mentored_count and not is_staff_person(successor):
        raise DepartureRefused(_("%(name)s is not a member of staff and cannot mentor: name someone who is.")
                               % {"name": successor.full_name})
    changes: list[Change] = []

    withdrawn = 0
    for enrolment in Enrolment.objects.open().filter(person=person).select_related("person__user").order_by("pk"):
        by = departure.recorded_by
        if by is None or not can_withdraw(by, enrolment):
            by = person  # the learner may always withdraw their own enrolment
        path_services.enrolment_withdraw(enrolment=enrolment, by=by)
        withdrawn += 1
    changes += change("tutorials.enrolments_withdrawn", ngettext(
        "%(count)d training path enrolment withdrawn (the progress stays until the anonymisation)",
        "%(count)d training path enrolments withdrawn (the progress stays until the anonymisation)", withdrawn)
        % {"count": withdrawn}, withdrawn)

    if successor is not None and mentored_count:
        # Nobody mentors themself (enrolment_mentor_not_learner): the successor's own enrolment is left
        # without a mentor, and Coordination validates its steps.
        own = mentored.filter(person=successor).update(mentor=None)
        handed = mentored.update(mentor=successor)
        transaction.on_commit(lambda: bump(PATHS_CACHE))
        changes += change("tutorials.mentees_handed", ngettext(
            "%(count)d training path enrolment now mentored by %(name)s",
            "%(count)d training path enrolments now mentored by %(name)s", handed)
            % {"count": handed, "name": successor.full_name}, handed)
        changes += change("tutorials.mentor_removed", ngettext(
            "%(count)d enrolment of %(name)s left without a mentor (Coordination validates its steps)",
            "%(count)d enrolments of %(name)s left without a mentor (Coordination validates their steps)", own)
            % {"count": own, "name": successor.full_name}, own)

    if successor is not None and owned_count:
        count = _hand_over_pages(owned, successor)
        changes += change("tutorials.pages_handed", ngettext(
            "%(count)d tutorial or procedure now owned by %(name)s",
            "%(count)d tutorials and procedures now owned by %(name)s", count)
            % {"count": count, "name": successor.full_name}, count)

    email = Person.objects.filter(pk=person.pk).values_list("user__email", flat=True).first()
    if email:
        erased, _by_model = ReviewReminder.objects.filter(email=email).delete()
        changes += change("tutorials.review_reminders_erased", ngettext(
            "%(count)d review reminder erased from the log", "%(count)d review reminders erased from the log",
            erased) % {"count": erased}, erased)
    return changes


def anonymise(person: Person) -> list[Change]:
    changes: list[Change] = []
    _total, deleted = Enrolment.objects.filter(person=person).delete()
    enrolments, steps = deleted.get("tutorials.Enrolment", 0), deleted.get("tutorials.StepProgress", 0)
    changes += change("tutorials.enrolments_erased", ngettext(
        "%(count)d training path enrolment erased", "%(count)d training path enrolments erased", enrolments)
        % {"count": enrolments}, enrolments)
    changes += change("tutorials.progress_erased", ngettext(
        "%(count)d step progress erased", "%(count)d step progress records erased", steps) % {"count": steps}, steps)
    if enrolments:
        transaction.on_commit(lambda: bump(PATHS_CACHE))
    feedback, _by_model = PageFeedback.objects.filter(person=person).delete()
    changes += change("tutorials.feedback_erased", ngettext(
        "%(count)d answer to « Did this page help you? » erased",
        "%(count)d answers to « Did this page help you? » erased", feedback) % {"count": feedback}, feedback)
    confirmations, _by_model = ProcedureConfirmation.objects.filter(person=person).delete()
    changes += change("tutorials.confirmations_erased", ngettext(
        "%(count)d procedure confirmation erased", "%(count)d procedure confirmations erased", confirmations)
        % {"count": confirmations}, confirmations)
    notes = LocalNote.objects.filter(updated_by=person).update(updated_by=None)
    changes += change("tutorials.local_notes_unsigned", ngettext(
        "%(count)d local note kept without the name of its author",
        "%(count)d local notes kept without the name of their author", notes) % {"count": notes}, notes)
    owned = TutorialPage.objects.filter(owner_person=person).update(owner_person=None)
    changes += change("tutorials.pages_unowned", ngettext(
        "%(count)d tutorial left without an owner (Coordination is reminded of its review)",
        "%(count)d tutorials left without an owner (Coordination is reminded of their review)", owned)
        % {"count": owned}, owned)
    return changes


PERSONAL_DATA_ENTRY = PersonalData(
    key="tutorials",
    title=gettext_lazy("Tutorials and training paths"),
    holds=gettext_lazy(
        "The training paths you follow (mentor, dates, each step done, validated or sent back with the mentor's "
        "comment), the enrolments you mentor, recorded or withdrew, the steps of others you reviewed, your "
        "answers to « Did this page help you? », the procedures you confirmed reading, the local notes you "
        "last wrote, the tutorials you own and the review reminders sent to you."),
    purpose=gettext_lazy(
        "Train the network's people and follow their progress with their mentor; keep the procedures known "
        "and the tutorials up to date."),
    legal_basis=gettext_lazy(
        "Public task of the member authorities (GDPR art. 6.1.e): the training of the network's staff and "
        "volunteers."),
    retention=lazy(lambda: _(
        "While you are in the network. When you leave, your open paths are withdrawn, the paths you mentor "
        "and the tutorials you own go to your successor; your paths, progress, answers and confirmations "
        "are erased %(days)d days after your departure. Your name stays on the training records of the "
        "people you mentored or whose steps you validated.") % {"days": settings.DEPARTED_RETENTION_DAYS}, str)(),
    export=export, leave=leave, anonymise=anonymise, order=40,
)
