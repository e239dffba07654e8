"""Who may do what with tutorials and training paths. Checked by the services (the last word) and by
views (to answer 403/404 early and hide buttons). Each family keeps its functions in its own block."""

from intranet.roles import STAFF_ROLES, Role, has_role

# --- paths ----------------------------------------------------------------------------------------


def is_coordination(user) -> bool:
    return has_role(user, Role.COORDINATION)


def is_staff_person(person) -> bool:
    """A mentor must be staff: an active person whose account holds a staff role."""
    return bool(person is not None and person.active and person.user_id and person.user.is_active
                and has_role(person.user, *STAFF_ROLES))


def can_enrol_others(user) -> bool:
    """Coordination (anyone) and referents (the people of their library) enrol others."""
    return has_role(user, Role.COORDINATION, Role.REFERENTS)


def can_enrol(by, person) -> bool:
    """`by` and `person` are directory entries: may `by` enrol `person` (in any path they may see)?"""
    user = by.user
    if user is None:
        return False
    if has_role(user, Role.COORDINATION):
        return True
    if has_role(user, Role.REFERENTS):
        return by.library_id is not None and by.library_id == person.library_id
    return False


def can_review(by, enrolment) -> bool:
    """Validate or send back a step: the enrolment's mentor or Coordination, never the learner."""
    if by is None or by.pk == enrolment.person_id or by.user_id is None:
        return False
    return enrolment.mentor_id == by.pk or has_role(by.user, Role.COORDINATION)


def can_withdraw(by, enrolment) -> bool:
    return by.pk == enrolment.person_id or can_enrol(by, enrolment.person)


def can_see_enrolments_overview(user) -> bool:
    return has_role(user, Role.COORDINATION)


def can_book_for(by, enrolment) -> bool:
    """Book a room for a training-session step: the learner or the mentor."""
    return by is not None and by.pk in (enrolment.person_id, enrolment.mentor_id)
