"""Who may do what with tutorials beyond the audience rule (TutorialPage.objects.visible_to). Each
family keeps its functions in its own block."""

from intranet.roles import Role, has_role
from intranet.selectors import person_for_user

# --- procedures: feedback answers, confirmations, local notes ------------------------------------


def is_page_owner(user, page) -> bool:
    person = person_for_user(user)
    return person is not None and page.owner_person_id is not None and page.owner_person_id == person.pk


def can_see_feedback(user, page) -> bool:
    """The answers to « Cette page vous a-t-elle aidé ? »: the page's owner and Coordination."""
    return has_role(user, Role.COORDINATION) or is_page_owner(user, page)


def confirmations_scope(user, page) -> tuple[bool, int | None]:
    """Whether the user may see who confirmed a procedure, and for which library: None for every
    library (the owner, Coordination), a library's id for a referent (their own library's people)."""
    if has_role(user, Role.COORDINATION) or is_page_owner(user, page):
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
