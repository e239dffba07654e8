"""Who may do what with the skills map, checked by the services (the last word) and by the views (to
answer 403/404 early and hide buttons).

The privacy rule in one place: a person's skills are shown by name only to the network's staff
(Coordination, referents, staff), and only for people whose visibility is « shown by name »
(`models.people.named_q`); the person always sees their own. Everything else is counted, never named,
and a count that could point at someone (fewer than three people, not all of them nameable to the
reader) is written « < 3 » (`shown_count`). The map is never an appraisal tool: nobody validates
their own skills, and only the person's referent (staff of their library) or mentor (volunteers)
validates theirs."""

from intranet.models import PersonKind
from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user

# Counts under this, of people not all nameable to the reader, are written « < 3 ».
SMALL_CELL = 3


def uses_skills(user) -> bool:
    """Who has « Mes compétences » and the skill pages: everyone of the network but elected officials."""
    return has_role(user, *STAFF_ROLES, Role.VOLUNTEERS)


def sees_names(user) -> bool:
    """Whether the reader may see anyone's skills by name (those who chose to be shown)."""
    return has_role(user, *STAFF_ROLES)


def reads_map(user) -> bool:
    """The heatmap and the gaps: the network's staff."""
    return has_role(user, *STAFF_ROLES)


def exports_gaps(user) -> bool:
    """The gaps CSV, for the training plan: Coordination and referents."""
    return has_role(user, Role.COORDINATION, Role.REFERENTS)


def edits_taxonomy(user) -> bool:
    return has_role(user, Role.COORDINATION)


def shown_count(count: int, named: int, reader_sees_names: bool) -> str:
    """A count as an aggregated view writes it: exact, unless it is small and counts someone the reader
    may not see by name (then « < 3 »: with the library, it could name them). Zero names nobody."""
    if count == 0 or count >= SMALL_CELL or (reader_sees_names and named == count):
        return str(count)
    return f"< {SMALL_CELL}"


def is_suppressed(count: int, named: int, reader_sees_names: bool) -> bool:
    return shown_count(count, named, reader_sees_names) != str(count)


def validator_kind(validator, person) -> str:
    """Why `validator` (a Person) may validate `person`'s skills: "referent" (the referent of the
    person's library, for its staff), "mentor" (the mentor of a volunteer: their directory mentor or
    the mentor of one of their paths), or "" (nobody validates their own skills)."""
    from .selectors.validation import mentors_of

    if validator is None or person is None or validator.pk == person.pk or not validator.active:
        return ""
    user = validator.user
    if user is None or not user.is_active:
        return ""
    if person.kind == PersonKind.VOLUNTEER:
        if has_role(user, *STAFF_ROLES) and validator.pk in mentors_of(person):
            return "mentor"
        return ""
    if (has_role(user, Role.REFERENTS) and person.library_id is not None
            and person.library_id == validator.library_id):
        return "referent"
    return ""


def can_validate(user, person) -> bool:
    return bool(validator_kind(person_for_user(user), person))
