"""Who may do what with tutorials and training paths, beyond the audience rule
(TutorialPage.objects.visible_to), checked by the services (the last word) and by the views (to answer
403/404 early and hide buttons). Each family keeps its rules in its own block."""

from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user


def is_coordination(user) -> bool:
    return has_role(user, Role.COORDINATION)  # superusers included


def is_owner(user, page) -> bool:
    """The page's owner (its `owner_person`), without a query per page: the reader's directory entry
    is fetched once per request."""
    person = person_for_user(user)
    return person is not None and page.owner_person_id is not None and page.owner_person_id == person.pk


# --- content: freshness (review notices, « mark as reviewed », the « Contenus à relire » report) ----


def can_mark_reviewed(user, page) -> bool:
    """The page's owner and Coordination confirm that a page is still right."""
    return is_coordination(user) or is_owner(user, page)


def sees_review_notice(user, page) -> bool:
    """The owner and the editors (Coordination, referents) are told a page is due for review."""
    return is_owner(user, page) or has_role(user, Role.COORDINATION, Role.REFERENTS)


def can_read_review_report(user) -> bool:
    return is_coordination(user)


# --- procedures: feedback answers, confirmations, local notes ------------------------------------


def can_see_feedback(user, page) -> bool:
    """The answers to « Cette page vous a-t-elle aidé ? »: the page's owner and Coordination."""
    return has_role(user, Role.COORDINATION) or is_owner(user, page)


def confirmations_scope(user, page) -> tuple[bool, int | None]:
    """Whether the user may see who confirmed a procedure, and for which library: None for every
    library (the owner, Coordination), a library's id for a referent (their own library's people)."""
    if has_role(user, Role.COORDINATION) or is_owner(user, page):
        return True, None
    if has_role(user, Role.REFERENTS):
        person = person_for_user(user)
        if person is not None and person.library_id is not None:
            return True, person.library_id
    return False, None


def can_see_confirmations(user, page) -> bool:
    return confirmations_scope(user, page)[0]


def can_write_local_note(user, library_id: int) -> bool:
    """A library's notes under a procedure's steps: its referent, or Coordination."""
    if has_role(user, Role.COORDINATION):
        return True
    if not has_role(user, Role.REFERENTS):
        return False
    person = person_for_user(user)
    return person is not None and person.library_id == library_id


# --- paths ----------------------------------------------------------------------------------------


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
