"""Accounts of the suite: the one map from a role to the kind of person who holds it, a member of
a role made in one call, and a browser session of an account."""

from django.test import Client

from intranet.models import Person, PersonKind, User
from intranet.roles import Role
from tests.factories import PersonFactory

KIND_OF_ROLE = {
    Role.COORDINATION: PersonKind.COORDINATION,
    Role.REFERENTS: PersonKind.PROFESSIONAL,
    Role.STAFF: PersonKind.PROFESSIONAL,
    Role.VOLUNTEERS: PersonKind.VOLUNTEER,
    Role.ELECTED: PersonKind.ELECTED,
}


def member(role: Role, *, email: str = "", **person_fields) -> Person:
    """A directory entry with an account in `role`, of the kind of person who holds it:
    member(Role.STAFF, first_name="Katell", email="katell.morvan@reseau.test", library=library)."""
    person_fields.setdefault("kind", KIND_OF_ROLE[role])
    if email:
        person_fields["user__email"] = email
    return PersonFactory(user__roles=[role], **person_fields)


def logged_in(who: User | Person) -> Client:
    """A browser session of an account (given as itself or as its person)."""
    client = Client()
    client.force_login(who.user if isinstance(who, Person) else who)
    return client


def role_id(role: Role) -> str:
    """The name of a role in a test's id: "staff" rather than "Personnel"."""
    return role.name.lower()
