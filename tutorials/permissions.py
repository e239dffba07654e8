"""Who may do what with tutorials, checked by the services (the last word) and the views alike. Each
family keeps its rules in its own block."""

from intranet.roles import Role, has_role

# --- content: freshness (review notices, « mark as reviewed », the « Contenus à relire » report) ----


def is_coordination(user) -> bool:
    return has_role(user, Role.COORDINATION)  # superusers included


def owns(user, page) -> bool:
    owner = page.owner_person
    return owner is not None and owner.user_id is not None and owner.user_id == getattr(user, "pk", None)


def can_mark_reviewed(user, page) -> bool:
    """The page's owner and Coordination confirm that a page is still right."""
    return is_coordination(user) or owns(user, page)


def sees_review_notice(user, page) -> bool:
    """The owner and the editors (Coordination, referents) are told a page is due for review."""
    return owns(user, page) or has_role(user, Role.COORDINATION, Role.REFERENTS)


def can_read_review_report(user) -> bool:
    return is_coordination(user)
