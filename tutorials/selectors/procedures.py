"""Reads of the procedures family, each with a constant number of queries: what a reader sees on a
tutorial page (their feedback, their confirmation and what changed since, their library's notes),
the feedback answers, the confirmations report, the notes a referent must look at, the dashboard's
procedures to confirm. Also the steps of a page's body as plain text, and their differences between
two revisions."""

import difflib
import json
import re
from dataclasses import dataclass, field
from html import unescape

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils.html import strip_tags
from wagtail.models import Revision

from intranet.models import Library, Person
from intranet.roles import STAFF_ROLES, Role

from ..models import (
    Audience,
    Kind,
    LocalNote,
    PageFeedback,
    ProcedureConfirmation,
    ProcedureVersion,
    TutorialPage,
)

VERSIONS_SHOWN = 10
ANSWERS_PER_PAGE = 20
LIBRARIES_PER_PAGE = 20
CONFIRMATIONS_PER_PAGE = 30
NOTES_PER_PAGE = 20

# --- steps as plain text ------------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """Rich text as a reader reads it: tags gone, entities decoded, one line per paragraph."""
    text = unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    title: str
    text: str  # plain text


def _raw_blocks(body) -> list:
    """The blocks of a body given as a StreamValue, its raw list, or the JSON a revision stores."""
    if body is None:
        return []
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return []
    if hasattr(body, "raw_data"):
        body = body.raw_data
    return [block for block in body if isinstance(block, dict)]


def steps_of(body) -> dict[str, Step]:
    """The steps of a body by block id, in order (numbered as the page numbers them)."""
    steps: dict[str, Step] = {}
    for block in _raw_blocks(body):
        if block.get("type") == "step" and block.get("id"):
            value = block.get("value") or {}
            steps[block["id"]] = Step(id=block["id"], number=len(steps) + 1, title=value.get("title") or "",
                                      text=plain_text(value.get("text") or ""))
    return steps


def step_text(page, step_id: str) -> str | None:
    """The network text of one step of the page's live body (None: no such step)."""
    step = steps_of(page.body).get(step_id)
    return None if step is None else step.text


@dataclass(frozen=True)
class Token:
    kind: str  # "same", "removed", "added"
    text: str


def word_diff(old: str, new: str) -> list[Token]:
    """Word by word, what was removed and added (the template marks each in words, not by colour)."""
    old_words, new_words = old.split(" "), new.split(" ")
    tokens: list[Token] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            tokens.append(Token("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            tokens.append(Token("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            tokens.append(Token("added", " ".join(new_words[b1:b2])))
    return tokens


@dataclass(frozen=True)
class StepChange:
    kind: str  # "added", "removed", "changed"
    title: str
    old_title: str = ""
    old_text: str = ""
    new_text: str = ""
    title_changed: bool = False
    text_diff: list[Token] = field(default_factory=list)


def step_changes(old_body, new_body) -> list[StepChange]:
    """Steps added, removed and changed between two bodies, in the new body's order (removed ones last)."""
    old, new = steps_of(old_body), steps_of(new_body)
    changes = []
    for step_id, step in new.items():
        before = old.get(step_id)
        if before is None:
            changes.append(StepChange("added", step.title, new_text=step.text))
        elif before.title != step.title or before.text != step.text:
            changes.append(StepChange("changed", step.title, old_title=before.title, old_text=before.text,
                                      new_text=step.text, title_changed=before.title != step.title,
                                      text_diff=word_diff(before.text, step.text)))
    changes += [StepChange("removed", step.title, old_text=step.text)
                for step_id, step in old.items() if step_id not in new]
    return changes


def _revision_bodies(*revision_ids) -> dict[int, object]:
    ids = [pk for pk in revision_ids if pk]
    if not ids:
        return {}
    return {pk: (content or {}).get("body") for pk, content in
            Revision.objects.filter(pk__in=ids).values_list("pk", "content")}


# --- the reader's part of a tutorial page -------------------------------------------------------


@dataclass
class ReaderProcedure:
    current: ProcedureVersion | None
    confirmation: ProcedureConfirmation | None
    since: list[ProcedureVersion]  # versions after the confirmed one, newest first (bounded)
    changes: list[StepChange]

    @property
    def up_to_date(self) -> bool:
        return self.confirmation is not None and self.current is not None \
            and self.confirmation.version_id == self.current.pk

    @property
    def asked_again(self) -> bool:
        return self.confirmation is not None and not self.up_to_date


def reader_procedure(page, person) -> ReaderProcedure:
    """The reader's confirmation of a procedure, its current version, and when they confirmed an
    earlier one the summaries and step changes since (three queries at most)."""
    confirmation = None
    if person is not None:
        confirmation = (ProcedureConfirmation.objects.select_related("version")
                        .filter(page=page, person=person).first())
    versions = ProcedureVersion.objects.filter(page=page).order_by("-number")
    if confirmation is None:
        current = versions.first()
        return ReaderProcedure(current=current, confirmation=None, since=[], changes=[])
    newer = list(versions.filter(number__gt=confirmation.version.number)[:VERSIONS_SHOWN])
    if not newer:
        return ReaderProcedure(current=confirmation.version, confirmation=confirmation, since=[], changes=[])
    current = newer[0]
    bodies = _revision_bodies(confirmation.version.revision_id, current.revision_id)
    changes = []
    if confirmation.version.revision_id in bodies and current.revision_id in bodies:
        changes = step_changes(bodies[confirmation.version.revision_id], bodies[current.revision_id])
    return ReaderProcedure(current=current, confirmation=confirmation, since=newer, changes=changes)


def reader_feedback(page, person) -> PageFeedback | None:
    if person is None:
        return None
    return PageFeedback.objects.filter(page=page, person=person).first()


def library_notes(page, library_id) -> dict[str, LocalNote]:
    """A library's notes on a page's steps, by step id (one query)."""
    if library_id is None:
        return {}
    return {note.step_id: note for note in LocalNote.objects.filter(page=page, library_id=library_id)}


# --- feedback answers -----------------------------------------------------------------------


def feedback_counts(page) -> dict:
    counts = PageFeedback.objects.filter(page=page).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False)))
    return {"yes": counts["yes"], "no": counts["no"], "total": counts["yes"] + counts["no"]}


def feedback_comments_page(page, page_number):
    comments = PageFeedback.objects.filter(page=page).exclude(comment="").order_by("-updated_at", "-pk")
    return Paginator(comments, ANSWERS_PER_PAGE).get_page(page_number)


# --- confirmations report -------------------------------------------------------------------


def roles_of_audience(audience: str) -> list[str]:
    """The roles whose people may read a page of this audience (the audience rule, seen from the page)."""
    if audience == Audience.EVERYONE:
        return [str(role) for role in Role]
    if audience == Audience.VOLUNTEERS:
        return [*(str(role) for role in STAFF_ROLES), str(Role.VOLUNTEERS)]
    return [str(role) for role in STAFF_ROLES]


def audience_people(audience: str):
    """Active people with an account who may read a page of this audience."""
    return Person.objects.filter(active=True, user__is_active=True,
                                 user__groups__name__in=roles_of_audience(audience))


def current_version(page) -> ProcedureVersion | None:
    return ProcedureVersion.objects.filter(page=page).order_by("-number").first()


def completion_by_library(page, version, *, library_id=None, page_number=1):
    """Each library's people of the page's audience and how many confirmed the current version,
    one page of libraries (two queries: the count and the page)."""
    audience_ids = audience_people(page.audience).values("pk")
    confirmed_ids = ProcedureConfirmation.objects.filter(version=version).values("person_id") if version else []
    libraries = Library.objects.annotate(
        audience_count=Count("people", filter=Q(people__in=audience_ids), distinct=True),
        confirmed_count=Count("people", filter=Q(people__in=audience_ids) & Q(people__in=confirmed_ids),
                              distinct=True) if version else Count("pk", filter=Q(pk__isnull=True)),
    ).filter(audience_count__gt=0).order_by("name", "pk")
    if library_id is not None:
        libraries = libraries.filter(pk=library_id)
    page_obj = Paginator(libraries, LIBRARIES_PER_PAGE).get_page(page_number)
    for library in page_obj:
        library.rate = round(100 * library.confirmed_count / library.audience_count)
    return page_obj


def confirmations_page(page, *, library_id=None, page_number=1):
    """Who confirmed (and which version), newest first, one page (two queries): the people still in the
    network (the rates count only them; who left is erased at the anonymisation)."""
    rows = (ProcedureConfirmation.objects.filter(page=page, person__active=True)
            .select_related("person__library", "version").order_by("-confirmed_at", "-pk"))
    if library_id is not None:
        rows = rows.filter(person__library_id=library_id)
    return Paginator(rows, CONFIRMATIONS_PER_PAGE).get_page(page_number)


# --- local notes that need a look -------------------------------------------------------------


def notes_to_review(*, library_id=None, page_number=1):
    """Notes whose step's network text changed since they were written, with the old and new text
    (the page comes with the note: the new text is read from its live body)."""
    notes = LocalNote.objects.filter(needs_review=True).select_related("page", "library").order_by("page__title", "pk")
    if library_id is not None:
        notes = notes.filter(library_id=library_id)
    page_obj = Paginator(notes, NOTES_PER_PAGE).get_page(page_number)
    for note in page_obj:
        step = steps_of(note.page.body).get(note.step_id)
        note.step = step
        note.new_text = step.text if step else None
        note.text_diff = word_diff(note.base_text, step.text) if step else []
    return page_obj


def library_notes_count(library_id) -> int:
    return LocalNote.objects.filter(library_id=library_id).count()


# --- the dashboard ------------------------------------------------------------------------------


def procedures_to_confirm(user, person):
    """Live procedures of the reader's audience whose current version they have not confirmed
    (never confirmed, or an earlier version), newest first."""
    latest = ProcedureVersion.objects.filter(page=OuterRef("pk")).order_by("-number").values("pk")[:1]
    confirmed = ProcedureConfirmation.objects.filter(person=person, version_id=OuterRef("current_version_id"))
    return (TutorialPage.objects.live().visible_to(user).filter(kind=Kind.PROCEDURE)
            .annotate(current_version_id=Subquery(latest))
            .filter(~Exists(confirmed))
            .only("pk", "title", "url_path", "summary", "last_published_at", "kind", "audience")
            .order_by("-last_published_at", "pk"))
