"""Every front-end page type of the intranet, with a concrete URL picked from the demo network
(`manage.py seed_demo`) for a given visitor, and the demo roles that may open it.

Shared by the accessibility sweep (tests/e2e/test_accessibility_sweep.py: axe-core on each page, per
role, at desktop and phone widths) and the page titles test (tests/intranet/test_page_titles.py).
The list follows the apps' urls.py and Wagtail page models; a page type added to an app belongs
here too. Pages that only answer a POST (cancel, approve, mark done...), files (ICS, CSV, PDF) and
the Wagtail admin are left out.

A URL builder receives the visitor (a User) and returns a path, computed with the ORM from what
that visitor may open (the apps' own visibility rules), or None when the demo network holds no such
object for them (the tests then report it: a role listed for a page must have one to open).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from intranet.roles import Role

ANONYMOUS = "anonymous"
ALL_ROLES = frozenset({Role.COORDINATION, Role.REFERENTS, Role.STAFF, Role.VOLUNTEERS, Role.ELECTED})
STAFF = frozenset({Role.COORDINATION, Role.REFERENTS, Role.STAFF})
NOT_ELECTED = STAFF | {Role.VOLUNTEERS}
COORDINATION = frozenset({Role.COORDINATION})
APPROVERS = frozenset({Role.COORDINATION, Role.REFERENTS})
RUNNERS = frozenset({Role.COORDINATION, Role.ELECTED})  # the demo's chairs and secretaries: coordination, mayors
MEMBERS = ALL_ROLES - {Role.VOLUNTEERS}  # the demo volunteer sits on no body


@dataclass(frozen=True)
class PageType:
    name: str
    url: Callable  # (user) -> str | None
    roles: frozenset
    status: int = 200  # what the page answers (the 404 page answers 404)
    # What the page is about when its <h1> does not say it alone: the dashboard greets its reader.
    subject: str = ""

    def subject_for(self, user) -> str:
        """The page's own subject beyond its <h1>: the name of the object it shows (or the query it
        answers), "" for a page about no object."""
        named = getattr(self.url, "subject", None)
        return self.subject or (named(user) if named else "") or ""


# --- helpers: objects the visitor may open ---------------------------------------------------------

def _person(user):
    from intranet.models import Person

    return Person.objects.select_related("library").filter(user=user).first()


def _visible_bodies(user):
    from governance.models import BodyPage
    from governance.permissions import visible_bodies_q

    return BodyPage.objects.live().filter(visible_bodies_q(user)).order_by("path")


def _meetings(user):
    from governance.models import Meeting

    return Meeting.objects.not_cancelled().filter(body__in=_visible_bodies(user)).order_by("start", "pk")


def _runnable_meetings(user):
    """Upcoming meetings of a body the visitor runs (chair, secretary or coordination)."""
    from governance.permissions import can_run

    return [m for m in _meetings(user).filter(start__gt=timezone.now()).select_related("body")[:60]
            if can_run(user, m.body)]


def _upcoming_meeting(user):
    return _meetings(user).filter(start__gt=timezone.now()).first()


def _open_for_proposals(user):
    from governance.permissions import can_propose

    for meeting in _meetings(user).filter(proposal_deadline__gt=timezone.now()).select_related("body")[:60]:
        if can_propose(user, meeting.body):
            return meeting
    return None


def _member_meeting(user):
    """An upcoming meeting of a body the visitor sits on (their convocation answer)."""
    from governance.permissions import is_member

    for meeting in _meetings(user).filter(start__gt=timezone.now()).select_related("body")[:80]:
        if is_member(user, meeting.body):
            return meeting
    return None


def _meeting_with_minutes(user):
    from governance.selectors.minutes import approved_minutes_visible_to

    minutes = approved_minutes_visible_to(user).select_related("meeting").order_by("-meeting__start").first()
    return minutes.meeting if minutes else None


def _first_page(model):
    page = model.objects.live().order_by("path").first()
    return page.url if page else None


def _tutorial(user, kind):
    from tutorials.models import TutorialPage

    page = TutorialPage.objects.live().visible_to(user).filter(kind=kind).order_by("path").first()
    return page


def _topic(user):
    from tutorials.models import TutorialPage

    page = TutorialPage.objects.live().visible_to(user).select_related("topic").order_by("path").first()
    return page.topic if page else None


def _topic_url(user):
    """The tutorials index filtered on the topic of the first tutorial the visitor may read."""
    from tutorials.models import TutorialIndexPage

    index, topic = TutorialIndexPage.objects.live().first(), _topic(user)
    return f"{index.url}?topic={topic.slug}" if index and topic else None


_topic_url.subject = lambda user: _topic(user).name if _topic(user) else ""


def _path_page(user):
    from tutorials.models import TrainingPathPage

    page = TrainingPathPage.objects.live().visible_to(user).order_by("path").first()
    return page.url if page else None


def _room(user):
    from calendar_sync.models import Room
    from calendar_sync.permissions import can_book

    rooms = Room.objects.active().select_related("library").order_by("pk")
    return next((room for room in rooms if can_book(user, room)), None)


def _booking(user, *, upcoming):
    from calendar_sync.models import Booking

    person = _person(user)
    bookings = Booking.objects.filter(organizer=person, status="confirmed").order_by("start")
    if upcoming:
        bookings = bookings.filter(start__gt=timezone.now())
    return bookings.first()


def _event(user):
    from calendar_sync.models import AgendaEvent

    return AgendaEvent.objects.order_by("start", "pk").first()


def _editable_event(user):
    from calendar_sync.models import AgendaEvent
    from calendar_sync.views.agenda import _editable_calendars

    return AgendaEvent.objects.filter(calendar__in=_editable_calendars(user), start__gt=timezone.now()) \
        .order_by("start", "pk").first()


DEMO_ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Tests//Accessibility sweep//FR\r
BEGIN:VEVENT\r
UID:a11y-sweep-1@example.org\r
DTSTAMP:20260301T090000Z\r
DTSTART:20260320T140000Z\r
DTEND:20260320T160000Z\r
SUMMARY:Rencontre des equipes jeunesse\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _ics_import(user):
    """The visitor's last calendar import waiting for confirmation; the demo network has none, so
    one small file is previewed (nothing imported) the first time."""
    from calendar_sync.importing.uploads import ics_import_preview
    from calendar_sync.models import IcsImport, NetworkCalendar

    person = _person(user)
    found = IcsImport.objects.filter(created_by=person).order_by("-pk").first()
    if found is None and person is not None:
        found = ics_import_preview(by=person, data=DEMO_ICS, filename="jeunesse.ics",
                                   calendar=NetworkCalendar.objects.order_by("pk").first())
    return found


def _skill(user):
    from skills_map.models import Skill

    return Skill.objects.order_by("pk").first()


def _folder(user):
    from wagtail.models import Collection

    from documents.models import NetworkDocument
    from documents.permissions import readable_collection_ids

    readable = readable_collection_ids(user)
    with_documents = NetworkDocument.objects.filter(collection_id__in=readable).values("collection_id")
    return Collection.objects.filter(pk__in=with_documents).order_by("path").first()


def _addable_folder(user):
    from wagtail.models import Collection

    from documents.permissions import addable_collection_ids

    return Collection.objects.filter(pk__in=addable_collection_ids(user), depth__gt=1).order_by("path").first()


def _document(user):
    from documents.models import NetworkDocument
    from documents.permissions import readable_documents_q

    return NetworkDocument.objects.filter(readable_documents_q(user)).order_by("pk").first()


def _changeable_document(user):
    from documents.models import NetworkDocument
    from documents.permissions import can_change_document, readable_documents_q

    return next((document for document in NetworkDocument.objects.filter(readable_documents_q(user)).order_by("pk")
                 if can_change_document(user, document)), None)


def _decision(user):
    from governance.selectors.decisions import readable_decisions

    return readable_decisions(user).order_by("pk").first()


def _action(user):
    from governance.selectors.actions import open_actions_of

    person = _person(user)
    return open_actions_of(person).first() if person else None


def _proposal(user):
    from governance.models import Proposal

    person = _person(user)
    return Proposal.objects.filter(Q(proposer=person) if person else Q(pk=None)).order_by("pk").first()


def _a_procedure(user):
    from tutorials.models import TutorialPage

    return TutorialPage.objects.live().visible_to(user).filter(kind="procedure").order_by("path").first()


def _other_person(user):
    from intranet.models import Person

    return Person.objects.exclude(user=user).filter(user__isnull=False).order_by("pk").first()


def _home_library(user):
    person = _person(user)
    return person.library if person else None


# --- the page types --------------------------------------------------------------------------------

def fixed(route: str, query: str = "") -> Callable:
    """A page without an object: the same path for everyone; a search (`?q=`) is about its words."""
    def build(user):
        return reverse(route) + query
    if query.startswith("?q="):
        build.subject = lambda user: query.removeprefix("?q=")
    return build


def via(getter: Callable, route: str | None = None, attr: str = "pk") -> Callable:
    """A page about an object the visitor may open: `getter(user)`'s own URL (a Wagtail page) or the
    `route` reversed with its `attr`; None when there is no such object."""
    def build(user):
        obj = getter(user)
        if obj is None:
            return None
        return obj.url if route is None else reverse(route, args=[getattr(obj, attr)])

    def subject(user):
        obj = getter(user)
        return "" if obj is None else str(getattr(obj, "title", "") or obj)
    build.subject = subject
    return build


def _first_runnable(user):
    return next(iter(_runnable_meetings(user)), None)


def _first_body(user):
    return _visible_bodies(user).first()


def _pages() -> list[PageType]:
    from governance.models import GovernanceIndexPage
    from intranet.models import StandardIndexPage, StandardPage
    from tutorials.models import PathIndexPage, TutorialIndexPage

    def first_page(model):
        return lambda user: _first_page(model)

    def tutorial(kind):
        return via(lambda user: _tutorial(user, kind))

    return [
        # intranet
        PageType("login", fixed("account_login"), frozenset({ANONYMOUS})),
        PageType("password reset", fixed("account_reset_password"), frozenset({ANONYMOUS})),
        PageType("dashboard", lambda user: "/", ALL_ROLES, subject="Tableau de bord"),
        PageType("network pages index", first_page(StandardIndexPage), ALL_ROLES),
        PageType("network page", first_page(StandardPage), ALL_ROLES),
        PageType("directory", fixed("directory:people"), ALL_ROLES),
        PageType("person page", via(_other_person, "directory:person"), ALL_ROLES),
        PageType("library page", via(_home_library, "directory:library", "slug"), ALL_ROLES),
        PageType("profile", fixed("profile"), ALL_ROLES),
        PageType("search results", fixed("search", "?q=inscription"), ALL_ROLES),
        PageType("accessibility statement", fixed("accessibility"), ALL_ROLES),
        PageType("privacy notice", fixed("privacy"), ALL_ROLES),
        PageType("volunteers' privacy notice", fixed("privacy_volunteers"), ALL_ROLES),
        PageType("my data", fixed("my_data"), ALL_ROLES),
        PageType("departure of a person", via(_other_person, "directory:person_leave"), COORDINATION),
        PageType("departures", fixed("directory:departures"), COORDINATION),
        PageType("two-factor authentication", fixed("mfa_index"), ALL_ROLES),
        PageType("two-factor activation", fixed("mfa_activate_totp"), ALL_ROLES),
        PageType("change password", fixed("account_change_password"), ALL_ROLES),
        PageType("log out", fixed("account_logout"), ALL_ROLES),
        PageType("page not found", lambda user: "/cette-page-n-existe-pas/", ALL_ROLES, status=404),
        PageType("access refused", fixed("calendar_sync:occupancy"), ALL_ROLES - COORDINATION, status=403),
        # calendar_sync: rooms
        PageType("rooms finder", fixed("calendar_sync:rooms"), ALL_ROLES),
        PageType("room week", via(_room, "calendar_sync:room", "slug"), STAFF),
        PageType("booking form", via(_room, "calendar_sync:book", "slug"), STAFF),
        PageType("my bookings", fixed("calendar_sync:my_bookings"), ALL_ROLES),
        PageType("booking page", via(lambda user: _booking(user, upcoming=False), "calendar_sync:booking"), STAFF),
        PageType("booking edit form", via(lambda user: _booking(user, upcoming=True), "calendar_sync:booking_edit"),
                 STAFF),
        PageType("approvals", fixed("calendar_sync:approvals"), APPROVERS),
        PageType("rooms of the day", fixed("calendar_sync:day"), ALL_ROLES),
        PageType("occupancy report", fixed("calendar_sync:occupancy"), COORDINATION),
        # calendar_sync: network agenda, feeds, imports
        PageType("agenda month", fixed("agenda:month"), ALL_ROLES),
        PageType("agenda week", fixed("agenda:week"), ALL_ROLES),
        PageType("agenda list", fixed("agenda:list"), ALL_ROLES),
        PageType("agenda event", via(_event, "agenda:event"), ALL_ROLES),
        PageType("agenda event form", fixed("agenda:event_add"), COORDINATION),
        PageType("agenda event edit form", via(_editable_event, "agenda:event_edit"), COORDINATION),
        PageType("calendar subscriptions", fixed("agenda:subscribe"), ALL_ROLES),
        PageType("calendar import", fixed("agenda:import"), COORDINATION),
        PageType("calendar import preview", via(_ics_import, "agenda:import_preview"), COORDINATION),
        # governance
        PageType("bodies index", first_page(GovernanceIndexPage), ALL_ROLES),
        PageType("body page", via(_first_body), ALL_ROLES),
        PageType("body members", via(_first_body, "governance:body_members"), ALL_ROLES),
        PageType("body actions", via(_first_body, "governance:body_actions"), ALL_ROLES),
        PageType("meeting page", via(_upcoming_meeting, "governance:meeting"), ALL_ROLES),
        PageType("meeting form", via(_first_body, "governance:meeting_create"), RUNNERS),
        PageType("agenda item form", via(_first_runnable, "governance:agenda_item_add"), RUNNERS),
        PageType("proposal form", via(_open_for_proposals, "governance:proposal_create"), MEMBERS),
        PageType("proposals review", via(_first_runnable, "governance:proposals"), RUNNERS),
        PageType("meeting preparation", via(_member_meeting, "governance:meeting_prepare"), MEMBERS),
        PageType("proposal page", via(_proposal, "governance:proposal"), frozenset({Role.COORDINATION, Role.STAFF})),
        PageType("convocation", via(_first_runnable, "governance:convocation"), RUNNERS),
        PageType("convocation answers", via(_first_runnable, "governance:answers"), RUNNERS),
        PageType("convocation answer", via(_member_meeting, "governance:answer"), MEMBERS),
        PageType("minutes", via(_meeting_with_minutes, "governance:minutes"), ALL_ROLES),
        PageType("attendance form", via(_first_runnable, "governance:attendance"), RUNNERS),
        PageType("minutes form", via(_first_runnable, "governance:minutes_edit"), RUNNERS),
        PageType("meeting decisions form", via(_first_runnable, "governance:meeting_decisions"), RUNNERS),
        PageType("decisions register", fixed("governance:register"), ALL_ROLES),
        PageType("decision page", via(_decision, "governance:decision"), ALL_ROLES),
        PageType("my actions", fixed("governance:my_actions"), ALL_ROLES),
        PageType("action form", via(_action, "governance:action_edit"), COORDINATION),
        # tutorials
        PageType("tutorial index", first_page(TutorialIndexPage), ALL_ROLES),
        PageType("tutorial topic", _topic_url, ALL_ROLES),
        PageType("tutorial page", tutorial("tutorial"), ALL_ROLES),
        PageType("procedure page", tutorial("procedure"), ALL_ROLES),
        PageType("reference page", tutorial("reference"), ALL_ROLES),
        PageType("content to review", fixed("tutorials:review_report"), COORDINATION),
        PageType("feedback answers", via(_a_procedure, "tutorials:feedback_answers"), APPROVERS),
        PageType("procedure confirmations", via(_a_procedure, "tutorials:procedure_confirmations"), APPROVERS),
        PageType("local notes review", fixed("tutorials:local_notes_review"), APPROVERS),
        PageType("training paths index", first_page(PathIndexPage), ALL_ROLES),
        PageType("training path page", _path_page, ALL_ROLES),
        PageType("my progress", fixed("tutorials:my_paths"), ALL_ROLES),
        PageType("mentor view", fixed("tutorials:my_mentees"), STAFF),
        PageType("enrolments", fixed("tutorials:enrolments"), COORDINATION),
        # skills_map
        PageType("skills index", fixed("skills_map:index"), NOT_ELECTED),
        PageType("skills map", fixed("skills_map:map"), STAFF),
        PageType("skills gaps", fixed("skills_map:gaps"), STAFF),
        PageType("my skills", fixed("skills_map:mine"), NOT_ELECTED),
        PageType("who could teach me", fixed("skills_map:teachers"), NOT_ELECTED),
        PageType("skill page (who knows)", via(_skill, "skills_map:skill", "slug"), NOT_ELECTED),
        PageType("skills to validate", fixed("skills_map:to_validate"), STAFF),
        # documents
        PageType("documents index", fixed("documents:index"), ALL_ROLES),
        PageType("documents folder", via(_folder, "documents:folder"), ALL_ROLES),
        PageType("documents search", fixed("documents:search", "?q=charte"), ALL_ROLES),
        PageType("document page", via(_document, "documents:document"), ALL_ROLES),
        PageType("document upload form", via(_addable_folder, "documents:upload"), ALL_ROLES),
        PageType("new folder form", via(_addable_folder, "documents:new_folder"), ALL_ROLES),
        PageType("document edit form", via(_changeable_document, "documents:edit"), STAFF),
    ]


def page_types() -> list[PageType]:
    return _pages()


def page_types_for(role: str) -> list[PageType]:
    return [page_type for page_type in _pages() if role in page_type.roles]
