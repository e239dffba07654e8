"""Who may see and do what in governance (DESIGN §5), checked by the services (the last word), the
views (403/404 early), the search source, the dashboard panels, the register, the PDFs and the
calendar event source alike.

- A body, its meetings, agenda and approved minutes: Coordination; the body's current members; all
  staff (Coordination, Référents, Personnel) when its reading rule is « all staff »; everyone with
  an account when it is « the whole network ». Everyone else gets 404, as if it did not exist.
- Draft and submitted minutes: the body's secretary and chair, and Coordination.
- Propose an agenda item: the body's current members.
- Run the meetings (create, agenda, review proposals, convene, attendance, minutes, decisions,
  actions): the body's secretary and chair, and Coordination.
- Approve minutes: the body's chair, and Coordination.

Memberships and the bodies a person may see are read once per request, so a page listing many
meetings or decisions stays at a constant number of queries."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from intranet.caching import per_request
from intranet.roles import STAFF_ROLES, Role, has_role

from .models import BodyPage, Membership, MembershipRole, ReadingRule

RUNNING_ROLES = frozenset({MembershipRole.SECRETARY, MembershipRole.CHAIR})


def is_coordination(user) -> bool:
    return has_role(user, Role.COORDINATION)  # superusers included


def current_roles(user) -> dict[int, frozenset[str]]:
    """{body id: the roles this user holds in it today}, one query per request."""

    def build():
        roles: dict[int, set[str]] = {}
        for body_id, role in (Membership.objects.serving(timezone.localdate()).filter(person__user=user)
                              .values_list("body_id", "role")):
            roles.setdefault(body_id, set()).add(role)
        return {body_id: frozenset(held) for body_id, held in roles.items()}

    return per_request(user, "governance_roles", build, anonymous={})


def roles_in(user, body) -> frozenset[str]:
    return current_roles(user).get(body.pk if hasattr(body, "pk") else body, frozenset())


@dataclass(frozen=True)
class BodyEntry:
    """What the access rules and the bodies' lists need of a body, without its page row."""

    pk: int
    path: str
    title: str
    reading_rule: str
    live: bool


def _bodies(user) -> list[BodyEntry]:
    """Every body (a few dozen), read once per request: who may see which, the paths the site's
    search and the admin leave out and the register's list of bodies all come from this one query."""
    return per_request(user, "governance_bodies", lambda: [
        BodyEntry(*row) for row in
        BodyPage.objects.order_by("title", "pk").values_list("pk", "path", "title", "reading_rule", "live")])


def visible_body_ids(user) -> frozenset[int]:
    """The bodies this user may see (can_see_body, for every body at once)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()

    def build():
        # can_see_body for every body, with the viewer's roles looked up once.
        if is_coordination(user):
            return frozenset(entry.pk for entry in _bodies(user))
        readable = {ReadingRule.NETWORK, *([ReadingRule.STAFF] if has_role(user, *STAFF_ROLES) else [])}
        member_of = current_roles(user)
        return frozenset(entry.pk for entry in _bodies(user)
                         if entry.pk in member_of or entry.reading_rule in readable)

    return per_request(user, "governance_visible_body_ids", build)


def visible_bodies(user) -> list[BodyEntry]:
    """The published bodies this user may see, by title."""
    visible = visible_body_ids(user)
    return [entry for entry in _bodies(user) if entry.live and entry.pk in visible]


def visible_bodies_q(user) -> Q:
    """The bodies this user may see, as a filter on BodyPage."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_coordination(user):
        return Q()
    return Q(pk__in=sorted(visible_body_ids(user)))


def can_see_body(user, body) -> bool:
    """`body`: a BodyPage or a BodyEntry."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordination(user) or roles_in(user, body):
        return True
    if body.reading_rule == ReadingRule.NETWORK:
        return True
    return body.reading_rule == ReadingRule.STAFF and has_role(user, *STAFF_ROLES)


def require_body_visible(user, body) -> None:
    if not can_see_body(user, body):
        raise Http404


def hidden_body_paths(user) -> list[str]:
    """Tree paths of the body pages this user may not see (intranet.hooks.HIDDEN_PAGES): the site's
    search, listings and the admin leave them out."""
    if not getattr(user, "is_authenticated", False):
        return list(BodyPage.objects.values_list("path", flat=True))
    if is_coordination(user):
        return []
    visible = visible_body_ids(user)
    return [entry.path for entry in _bodies(user) if entry.pk not in visible]


def is_member(user, body) -> bool:
    return bool(roles_in(user, body))


def can_propose(user, body) -> bool:
    return is_member(user, body)


def can_run(user, body) -> bool:
    """Create meetings, set the agenda, review proposals, convene, record attendance, minutes,
    decisions and actions."""
    return is_coordination(user) or bool(roles_in(user, body) & RUNNING_ROLES)


def can_read_draft_minutes(user, body) -> bool:
    return can_run(user, body)


def can_approve_minutes(user, body) -> bool:
    return is_coordination(user) or MembershipRole.CHAIR in roles_in(user, body)
