"""Governance's entry in « Mes données » (intranet.personal_data): the bodies one sits on, the
convocations received and answered, attendance, proposals, agenda items presented, attachments,
actions, decisions one took part in and minutes one wrote or approved; what leaving closes of them,
and what is erased once the retention period is over.

What stays, and why: the minutes, the decisions, the attendance lists, the memberships (who sat on
which body, when), the proof of convocation (who was convened, when) and the actions of a body are
the records of a local authority's bodies, which the law requires to name who was there and who did
what (CGCT, archives publiques). They keep the person's name. What is not a record goes: the answers
to convocations (a forecast, which the attendance list replaces once the meeting is held), the
proxies given in them, the reminders sent, the proposals withdrawn before they reached an agenda
(with their files), and the address the convocations were sent to.

Order: governance runs before calendar_sync (order 60 < 70) so that the room bookings of the
upcoming meetings the person booked are handed over before calendar_sync cancels what is left of
their bookings."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from calendar_sync.models import Booking, BookingAction, BookingLog
from intranet.departures import DepartureRefused
from intranet.models import Departure, Person
from intranet.personal_data import Change, PersonalData, Table, change, table

from .models import (
    ActionItem,
    ActionReminder,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Answer,
    AnswerResponse,
    Attachment,
    Attendance,
    AttendanceStatus,
    Convocation,
    ConvocationMethod,
    ConvocationRecipient,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
)
from .models.meetings import private_storage

# Who took part in a decision: there, on the line, or through the proxy they gave.
TOOK_PART = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE, AttendanceStatus.REPRESENTED)


def _labels(choices) -> dict:
    return dict(choices.choices)


def _name(first, last) -> str:
    return f"{first or ''} {last or ''}".strip()


def _body(row, prefix: str) -> str:
    return row[f"{prefix}short_name"] or row[f"{prefix}title"]


# --- export ---------------------------------------------------------------------------------------------


def export(person: Person) -> list[Table]:
    """Every governance row about `person`: fourteen queries, whatever their number."""
    roles, methods = _labels(MembershipRole), _labels(ConvocationMethod)
    answers_, attendance_ = _labels(AnswerResponse), _labels(AttendanceStatus)
    proposal_status, kinds = _labels(ProposalStatus), _labels(AgendaItemKind)
    action_status, outcomes = _labels(ActionStatus), _labels(DecisionOutcome)
    minutes_status, meeting_status = _labels(MinutesStatus), _labels(MeetingStatus)
    m = "meeting__"
    meeting_fields = (f"{m}title", f"{m}start", f"{m}body__title", f"{m}body__short_name")

    def meeting_of(row, prefix=m) -> dict:
        return {"meeting": row[f"{prefix}title"], "date": row[f"{prefix}start"], "body": _body(row, f"{prefix}body__")}

    tables = [table("memberships", _("Bodies I sit or sat on"), {
        "body": _("Body"), "role": _("Role"), "since": _("Since"), "until": _("Until")},
        ({"body": _body(row, "body__"), "role": roles.get(row["role"], row["role"]), "since": row["since"],
          "until": row["until"]}
         for row in Membership.objects.filter(person=person).order_by("since", "pk")
         .values("body__title", "body__short_name", "role", "since", "until")))]

    tables.append(table("convocations", _("Convocations received"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "kind": _("Kind"), "sent_at": _("Sent on"),
        "email": _("Sent to")},
        ({**meeting_of(row, "convocation__meeting__"), "kind": methods.get(row["convocation__method"]),
          "sent_at": row["convocation__sent_at"], "email": row["email"]}
         for row in ConvocationRecipient.objects.filter(person=person).order_by("convocation__sent_at", "pk")
         .values("convocation__meeting__title", "convocation__meeting__start", "convocation__meeting__body__title",
                 "convocation__meeting__body__short_name", "convocation__method", "convocation__sent_at",
                 "email"))))

    tables.append(table("answers", _("My answers to convocations"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "answer": _("Answer"),
        "proxy_to": _("Proxy given to"), "answered_at": _("Answered on"), "by_link": _("From the email's link")},
        ({**meeting_of(row), "answer": answers_.get(row["response"]),
          "proxy_to": _name(row["proxy_to__first_name"], row["proxy_to__last_name"]),
          "answered_at": row["answered_at"], "by_link": row["by_link"]}
         for row in Answer.objects.filter(person=person).order_by("meeting__start", "pk")
         .values(*meeting_fields, "response", "proxy_to__first_name", "proxy_to__last_name", "answered_at",
                 "by_link"))))

    tables.append(table("proxies_received", _("Proxies given to me"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "from": _("Given by")},
        ({**meeting_of(row), "from": _name(row["person__first_name"], row["person__last_name"])}
         for row in Answer.objects.filter(proxy_to=person).order_by("meeting__start", "pk")
         .values(*meeting_fields, "person__first_name", "person__last_name"))))

    tables.append(table("attendance", _("My attendance at meetings"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "status": _("Attendance"),
        "represented_by": _("Represented by")},
        ({**meeting_of(row), "status": attendance_.get(row["status"]),
          "represented_by": _name(row["represented_by__first_name"], row["represented_by__last_name"])}
         for row in Attendance.objects.filter(person=person).order_by("meeting__start", "pk")
         .values(*meeting_fields, "status", "represented_by__first_name", "represented_by__last_name"))))

    tables.append(table("represented", _("Members I represented"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "member": _("Member")},
        ({**meeting_of(row), "member": _name(row["person__first_name"], row["person__last_name"])}
         for row in Attendance.objects.filter(represented_by=person).order_by("meeting__start", "pk")
         .values(*meeting_fields, "person__first_name", "person__last_name"))))

    tables.append(table("proposals", _("Agenda items I proposed"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "title": _("Title"), "kind": _("Kind"),
        "duration_minutes": _("Duration (minutes)"), "description": _("Description"), "status": _("Status"),
        "created_at": _("Proposed on"), "decided_at": _("Decided on"), "reason": _("Reason")},
        ({**meeting_of(row), "title": row["title"], "kind": kinds.get(row["kind"]),
          "duration_minutes": row["duration_minutes"], "description": row["description"],
          "status": proposal_status.get(row["status"]), "created_at": row["created_at"],
          "decided_at": row["decided_at"], "reason": row["decision_reason"]}
         for row in Proposal.objects.filter(proposer=person).order_by("created_at", "pk")
         .values(*meeting_fields, "title", "kind", "duration_minutes", "description", "status", "created_at",
                 "decided_at", "decision_reason"))))

    tables.append(table("proposals_reviewed", _("Proposals I reviewed"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "title": _("Title"),
        "proposer": _("Proposed by"), "status": _("Status"), "decided_at": _("Decided on")},
        ({**meeting_of(row), "title": row["title"],
          "proposer": _name(row["proposer__first_name"], row["proposer__last_name"]),
          "status": proposal_status.get(row["status"]), "decided_at": row["decided_at"]}
         for row in Proposal.objects.filter(decided_by=person).exclude(proposer=person)
         .order_by("decided_at", "pk")
         .values(*meeting_fields, "title", "proposer__first_name", "proposer__last_name", "status",
                 "decided_at"))))

    tables.append(table("agenda_items", _("Agenda items I presented"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "title": _("Title"), "kind": _("Kind"),
        "duration_minutes": _("Duration (minutes)")},
        ({**meeting_of(row), "title": row["title"], "kind": kinds.get(row["kind"]),
          "duration_minutes": row["duration_minutes"]}
         for row in AgendaItem.objects.filter(presenter=person).order_by("meeting__start", "position", "pk")
         .values(*meeting_fields, "title", "kind", "duration_minutes"))))

    tables.append(table("attachments", _("Files I attached"), {
        "name": _("Name"), "type": _("Type"), "size": _("Size (bytes)"), "uploaded_at": _("Uploaded on"),
        "attached_to": _("Attached to")},
        ({"name": row["name"], "type": row["content_type"], "size": row["size"], "uploaded_at": row["uploaded_at"],
          "attached_to": row["item__title"] or row["proposal__title"]}
         for row in Attachment.objects.filter(uploaded_by=person).order_by("uploaded_at", "pk")
         .values("name", "content_type", "size", "uploaded_at", "item__title", "proposal__title"))))

    tables.append(table("actions", _("Actions I own"), {
        "body": _("Body"), "title": _("Action"), "due_date": _("Due date"), "status": _("Status"),
        "done_at": _("Done on"), "note": _("Note")},
        ({"body": _body(row, "body__"), "title": row["title"], "due_date": row["due_date"],
          "status": action_status.get(row["status"]), "done_at": row["done_at"], "note": row["done_note"]}
         for row in ActionItem.objects.filter(owner=person).order_by("due_date", "pk")
         .values("body__title", "body__short_name", "title", "due_date", "status", "done_at", "done_note"))))

    took_part = Attendance.objects.filter(person=person, status__in=TOOK_PART).values("meeting_id")
    tables.append(table("decisions", _("Decisions taken at meetings I took part in"), {
        "number": _("Number"), "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"),
        "decision": _("Decision"), "outcome": _("Outcome")},
        ({**meeting_of(row), "number": row["number"], "decision": row["text"], "outcome": outcomes.get(row["outcome"])}
         for row in Decision.objects.filter(meeting__in=took_part).order_by("meeting__start", "number", "pk")
         .values(*meeting_fields, "number", "text", "outcome"))))

    tables.append(table("minutes", _("Minutes I wrote or approved"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "version": _("Version"),
        "status": _("Status"), "wrote": _("Written by me"), "approved": _("Approved by me"),
        "approved_on": _("Approved on")},
        ({**meeting_of(row), "version": row["version"], "status": minutes_status.get(row["status"]),
          "wrote": row["written_by_id"] == person.pk, "approved": row["approved_by_id"] == person.pk,
          "approved_on": row["approved_on"]}
         for row in Minutes.objects.filter(Q(written_by=person) | Q(approved_by=person))
         .order_by("meeting__start", "version", "pk")
         .values(*meeting_fields, "version", "status", "written_by_id", "approved_by_id", "approved_on"))))

    tables.append(table("meetings_run", _("Meetings I planned or convened"), {
        "meeting": _("Meeting"), "body": _("Body"), "date": _("Date"), "status": _("Status"),
        "planned": _("Planned by me"), "convened": _("Convocations I sent")},
        _meetings_run(person, meeting_status)))

    tables.append(table("reminders", _("Reminders of actions sent to me"), {
        "kind": _("Kind"), "action": _("Action"), "sent_at": _("Sent on")},
        ({"kind": _("Due soon") if row["kind"] == ActionReminder.DUE_SOON else _("Weekly digest of overdue actions"),
          "action": row["action__title"] or "", "sent_at": row["sent_at"]}
         for row in ActionReminder.objects.filter(person=person).order_by("sent_at", "pk")
         .values("kind", "action__title", "sent_at"))))
    return tables


def _meetings_run(person: Person, meeting_status: dict) -> list[dict]:
    """Meetings the person created, and those whose convocations they sent (with how many): two queries."""
    rows: dict[int, dict] = {}
    for row in (Meeting.objects.filter(created_by=person)
                .values("pk", "title", "start", "status", "body__title", "body__short_name")):
        rows[row["pk"]] = {"meeting": row["title"], "date": row["start"], "body": _body(row, "body__"),
                           "status": meeting_status.get(row["status"]), "planned": True, "convened": 0}
    for row in (Convocation.objects.filter(sent_by=person)
                .values("meeting_id", "meeting__title", "meeting__start", "meeting__status", "meeting__body__title",
                        "meeting__body__short_name")):
        entry = rows.setdefault(row["meeting_id"], {
            "meeting": row["meeting__title"], "date": row["meeting__start"], "body": _body(row, "meeting__body__"),
            "status": meeting_status.get(row["meeting__status"]), "planned": False, "convened": 0})
        entry["convened"] += 1
    return sorted(rows.values(), key=lambda entry: entry["date"])


# --- leave ----------------------------------------------------------------------------------------------


def _refuse_without_successor(person: Person, successor: Person | None, now: dt.datetime,
                              open_actions: list[ActionItem], meeting_bookings: list[Booking]) -> None:
    """What must be kept running needs someone: open actions (a body follows them up at every
    meeting) and the rooms booked for the upcoming meetings (the meeting still takes place)."""
    if successor is None:
        needs = []
        if open_actions:
            needs.append(ngettext("%(count)d open action", "%(count)d open actions", len(open_actions))
                         % {"count": len(open_actions)})
        if meeting_bookings:
            needs.append(ngettext("the room booked for %(count)d upcoming meeting",
                                  "the rooms booked for %(count)d upcoming meetings", len(meeting_bookings))
                         % {"count": len(meeting_bookings)})
        if needs:
            raise DepartureRefused(_("Name someone to take over %(what)s of %(name)s in the bodies.") % {
                "what": _(" and ").join(needs), "name": person.full_name})
        return
    # The owner of an action must be a current member of its body or someone of the Coordination
    # (governance.services.actions): the same rule for the one who takes them over.
    from .services.actions import may_own

    today = timezone.localdate(now)
    refused = sorted({action.body.label for action in open_actions if not may_own(successor, action.body, today)})
    if refused:
        raise DepartureRefused(_(
            "%(name)s cannot take over the open actions of %(bodies)s: an action's owner is a member of its body or "
            "someone of the Coordination. Add them to the body first, or name someone who is.")
            % {"name": successor.full_name, "bodies": ", ".join(refused)})
    if meeting_bookings and successor.user_id is None:
        raise DepartureRefused(_("%(name)s has no account and cannot hold room bookings: name someone with one.")
                               % {"name": successor.full_name})


def leave(departure: Departure) -> list[Change]:
    """Memberships end on the day of leaving; open actions, the rooms booked for upcoming meetings
    and the items the person was to present go to the successor (refused without one when there are
    open actions or such rooms); pending proposals are withdrawn; answers to upcoming meetings are
    removed and the proxies given to the person become « excused »."""
    person, successor, now = departure.person, departure.successor, departure.left_at
    today = timezone.localdate(now)
    open_actions = list(ActionItem.objects.open().filter(owner=person).select_related("body"))
    meeting_bookings = list(
        Booking.objects.active().filter(organizer=person, end__gt=now, meeting__isnull=False,
                                        meeting__status=MeetingStatus.PLANNED)
        .select_for_update(of=("self",)))
    _refuse_without_successor(person, successor, now, open_actions, meeting_bookings)
    changes: list[Change] = []

    memberships = Membership.objects.filter(person=person)
    future = memberships.filter(since__gt=today).delete()[0]
    ended = memberships.filter(Q(until__isnull=True) | Q(until__gt=today), since__lte=today).update(until=today)
    changes += change("governance.memberships_ended", ngettext(
        "%(count)d membership of a body ended on %(date)s", "%(count)d memberships of bodies ended on %(date)s",
        ended) % {"count": ended, "date": date_format(today, "j F Y")}, ended)
    changes += change("governance.future_memberships_removed", ngettext(
        "%(count)d membership that had not begun removed", "%(count)d memberships that had not begun removed",
        future) % {"count": future}, future)

    if open_actions:
        count = ActionItem.objects.filter(pk__in=[action.pk for action in open_actions]).update(owner=successor)
        changes += change("governance.actions_handed", ngettext(
            "%(count)d open action handed to %(name)s", "%(count)d open actions handed to %(name)s", count)
            % {"count": count, "name": successor.full_name}, count)

    if meeting_bookings:
        count = _hand_meeting_bookings(meeting_bookings, person=person, successor=successor,
                                       by=departure.recorded_by, now=now)
        changes += change("governance.meeting_rooms_handed", ngettext(
            "The room booked for %(count)d upcoming meeting handed to %(name)s",
            "The rooms booked for %(count)d upcoming meetings handed to %(name)s", count)
            % {"count": count, "name": successor.full_name}, count)

    upcoming_items = AgendaItem.objects.filter(presenter=person, meeting__end__gt=now,
                                               meeting__status=MeetingStatus.PLANNED)
    count = upcoming_items.update(presenter=successor)
    if successor is not None:
        changes += change("governance.items_handed", ngettext(
            "%(count)d item of an upcoming meeting now presented by %(name)s",
            "%(count)d items of upcoming meetings now presented by %(name)s", count)
            % {"count": count, "name": successor.full_name}, count)
    else:
        changes += change("governance.items_without_presenter", ngettext(
            "%(count)d item of an upcoming meeting left without a presenter",
            "%(count)d items of upcoming meetings left without a presenter", count) % {"count": count}, count)

    withdrawn = _withdraw_pending_proposals(person)
    changes += change("governance.proposals_withdrawn", ngettext(
        "%(count)d pending agenda proposal withdrawn", "%(count)d pending agenda proposals withdrawn", withdrawn)
        % {"count": withdrawn}, withdrawn)

    upcoming = Q(meeting__end__gt=now)
    removed = Answer.objects.filter(upcoming, person=person).delete()[0]
    changes += change("governance.answers_removed", ngettext(
        "%(count)d answer to the convocation of an upcoming meeting removed",
        "%(count)d answers to the convocations of upcoming meetings removed", removed) % {"count": removed}, removed)
    # A proxy given to someone who will not be there is void: its giver is recorded as excused (they
    # said they would not come) and may answer again.
    voided = Answer.objects.filter(upcoming, proxy_to=person).update(response=AnswerResponse.EXCUSED, proxy_to=None)
    changes += change("governance.proxies_voided", ngettext(
        "%(count)d proxy given to them for an upcoming meeting void: its giver is now excused",
        "%(count)d proxies given to them for upcoming meetings void: their givers are now excused", voided)
        % {"count": voided}, voided)
    return changes


def _withdraw_pending_proposals(person: Person) -> int:
    """Through the proposals' service, in the proposer's name (who alone may withdraw one): a
    proposal is presented by whoever made it, and they will not be there; the successor may propose
    it again. One service call per proposal (a person has a handful pending at most)."""
    from .services.proposals import proposal_withdraw

    pending = list(Proposal.objects.filter(proposer=person, status=ProposalStatus.PENDING).order_by("pk"))
    for proposal in pending:
        proposal_withdraw(proposal=proposal, by=person)
    return len(pending)


def _hand_meeting_bookings(bookings: list[Booking], *, person: Person, successor: Person, by: Person | None,
                           now: dt.datetime) -> int:
    """The room of an upcoming meeting stays booked, in the successor's name: calendar_sync cancels
    every other open booking of the person after this. Logged in the booking's history."""
    count = Booking.objects.filter(pk__in=[booking.pk for booking in bookings]).update(organizer=successor,
                                                                                       updated_at=now)
    details = _("Handed over to %(name)s: %(old)s left the network.") % {
        "name": successor.full_name, "old": person.full_name}
    BookingLog.objects.bulk_create([BookingLog(booking=booking, action=BookingAction.UPDATED, by=by, at=now,
                                               details=details) for booking in bookings])
    return count


# --- anonymise ------------------------------------------------------------------------------------------


def anonymise(person: Person) -> list[Change]:
    """Erase what is not a record. Idempotent: a second run finds nothing left to erase."""
    changes: list[Change] = []
    answers = Answer.objects.filter(person=person).delete()[0]
    changes += change("governance.answers_erased", ngettext(
        "%(count)d answer to a convocation erased (the attendance list is the record)",
        "%(count)d answers to convocations erased (the attendance lists are the record)", answers)
        % {"count": answers}, answers)
    reminders = ActionReminder.objects.filter(person=person).delete()[0]
    changes += change("governance.reminders_erased", ngettext(
        "%(count)d reminder sent erased", "%(count)d reminders sent erased", reminders) % {"count": reminders},
        reminders)

    # Proposals withdrawn before reaching an agenda are nobody's record: gone, with their files (the
    # files once the erasure is committed: a dry run keeps them).
    withdrawn = Proposal.objects.filter(proposer=person, status=ProposalStatus.WITHDRAWN, agenda_item__isnull=True,
                                        origin_decision__isnull=True)
    files = list(Attachment.objects.filter(proposal__in=withdrawn, item__isnull=True).values_list("file", flat=True))
    Attachment.objects.filter(proposal__in=withdrawn, item__isnull=True).delete()
    proposals = withdrawn.delete()[1].get(Proposal._meta.label, 0)
    if files:
        transaction.on_commit(lambda: [private_storage.delete(name) for name in files if name])
    changes += change("governance.withdrawn_proposals_erased", ngettext(
        "%(count)d withdrawn proposal erased, with its files", "%(count)d withdrawn proposals erased, with their files",
        proposals) % {"count": proposals}, proposals)

    # The proof of convocation keeps the name of each person convened; the address is contact data.
    addresses = ConvocationRecipient.objects.filter(person=person).exclude(email="").update(email="")
    changes += change("governance.convocation_addresses_erased", ngettext(
        "Email address erased from %(count)d proof of convocation (the name stays)",
        "Email address erased from %(count)d proofs of convocation (the name stays)", addresses)
        % {"count": addresses}, addresses)
    uploads = Attachment.objects.filter(uploaded_by=person).update(uploaded_by=None)
    changes += change("governance.uploads_unnamed", ngettext(
        "%(count)d attached file no longer says who added it", "%(count)d attached files no longer say who added them",
        uploads) % {"count": uploads}, uploads)
    return changes


PERSONAL_DATA_ENTRY = PersonalData(
    key="governance",
    title=gettext_lazy("Bodies and meetings"),
    holds=gettext_lazy(
        "The bodies you sit or sat on (role, dates); the convocations sent to you and your answers (attending, "
        "excused, proxy); your attendance at meetings; the agenda items you proposed or presented and the files you "
        "attached; the proposals you reviewed; the actions you own; the decisions of the meetings you took part in; "
        "the minutes you wrote or approved; the meetings you planned or convened; the reminders of actions sent to "
        "you."),
    purpose=gettext_lazy(
        "Run the network's bodies: convene their members, prepare the agendas, record who attended, the decisions "
        "and the minutes, and follow up the actions."),
    legal_basis=gettext_lazy(
        "Public task of the member authorities (GDPR art. 6.1.e) and their legal obligation to keep the records of "
        "their bodies (art. 6.1.c)."),
    retention=format_lazy(gettext_lazy(
        "When you leave, your memberships end that day, your open actions and the rooms of upcoming meetings go to "
        "the person who takes over, your pending proposals are withdrawn and your answers to upcoming meetings "
        "removed. {days} days later your answers to convocations, the reminders sent to you, your withdrawn "
        "proposals and the email address of the convocations are erased. The minutes, decisions, attendance lists, "
        "memberships and actions keep your name for good: they are the public records of the bodies."),
        days=settings.DEPARTED_RETENTION_DAYS),
    export=export, leave=leave, anonymise=anonymise, order=60,
)
