"""Writes of the core app: accounts and the people of the directory."""

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Library, Person, PersonKind, User
from .models.users import normalize_account_email
from .notifications import send_templated_email
from .roles import Role
from .text import clean_line

IMPORT_COLUMNS = ("email", "first_name", "last_name", "library", "kind", "job_title", "groups")
REQUIRED_IMPORT_COLUMNS = ("email", "first_name", "last_name", "kind")
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# No cell of a staff file is longer than this, whatever its column (the model fields are shorter).
MAX_IMPORT_CELL = 1000
# The model fields each column is stored in: a cell is checked against their max_length.
IMPORT_FIELDS = {
    "email": (User._meta.get_field("email"),),
    "first_name": (Person._meta.get_field("first_name"), User._meta.get_field("first_name")),
    "last_name": (Person._meta.get_field("last_name"), User._meta.get_field("last_name")),
    "job_title": (Person._meta.get_field("job_title"),),
}


@dataclass(frozen=True)
class StaffImportProblem:
    """One reason to refuse a file, with where it is: its line (1 is the header) and column."""

    reason: str
    line: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("line %(line)d, column « %(column)s »: %(reason)s") % {
                "line": self.line, "column": self.column, "reason": self.reason}
        if self.line is not None:
            return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}
        return self.reason


class StaffImportError(Exception):
    """The file is refused; nothing was imported. `errors` lists every StaffImportProblem."""

    def __init__(self, errors: list[StaffImportProblem]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class StaffImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StaffRow:
    line: int
    email: str
    first_name: str
    last_name: str
    library: Library | None
    kind: str
    job_title: str
    groups: tuple[Group, ...]


def _kind_from_text(text: str) -> str | None:
    wanted = text.strip().lower()
    for value, label in PersonKind.choices:
        if wanted in {value, str(label).lower()}:
            return value
    aliases = {"professionnel": "professional", "professionnelle": "professional", "bénévole": "volunteer",
               "benevole": "volunteer", "élu": "elected", "élue": "elected", "elu": "elected"}
    return aliases.get(wanted)


def _too_long(length: int, limit: int) -> str:
    return _("%(length)s characters, %(max)s at most") % {
        "length": number_format(length, force_grouping=True), "max": number_format(limit, force_grouping=True)}


def _cell_problem(column: str, value: str) -> str | None:
    """Why a cell cannot be stored in its field, or None. Control characters (NUL included) are
    refused; invisible format characters are not counted, clean_line strips them."""
    limit = min([MAX_IMPORT_CELL, *(field.max_length for field in IMPORT_FIELDS.get(column, ()))])
    if len(value) > MAX_IMPORT_CELL:
        return _too_long(len(value), limit)
    control = next((char for char in value if unicodedata.category(char) == "Cc"), None)
    if control is not None:
        return _("control character %(code)s not allowed") % {"code": f"U+{ord(control):04X}"}
    if len(clean_line(value)) > limit:
        return _too_long(len(clean_line(value)), limit)
    return None


def _csv_rows(text: str, errors: list[StaffImportProblem]):
    """(line, cells) for each row of the file. A row the csv module cannot read (a cell over its
    field size limit, a stray quote) becomes a problem on its line instead of an exception."""
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                reason = _("a cell is longer than %(max)s characters") % {
                    "max": number_format(MAX_IMPORT_CELL, force_grouping=True)}
            else:
                reason = _("unreadable CSV (%(error)s)") % {"error": error}
            errors.append(StaffImportProblem(reason, line=reader.line_num))
            continue
        yield reader.line_num, cells


def _parse_staff_rows(text: str) -> list[StaffRow]:
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise StaffImportError([StaffImportProblem(
            _("the file is larger than %(size)s") % {"size": filesizeformat(MAX_IMPORT_BYTES)})])
    errors: list[StaffImportProblem] = []
    lines = _csv_rows(text, errors)
    first = next(lines, None)
    if errors:  # the header itself could not be read
        raise StaffImportError(errors)
    header = [name.strip().lower() for name in first[1]] if first else []
    missing = [name for name in REQUIRED_IMPORT_COLUMNS if name not in header]
    if missing:
        raise StaffImportError([StaffImportProblem(
            _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}, line=1)])
    libraries = {key: library for library in Library.objects.all()
                 for key in (library.slug.lower(), library.name.lower())}
    groups = {group.name.lower(): group for group in Group.objects.all()}
    rows, seen, row_count = [], {}, 0
    for line, cells in lines:
        raw = dict(zip(header, cells, strict=False))
        values = {name: (raw.get(name) or "").strip() for name in IMPORT_COLUMNS}
        if not any(values.values()):
            continue
        row_count += 1
        if row_count > MAX_IMPORT_ROWS:
            errors.append(StaffImportProblem(
                _("the file has more than %(max)d rows") % {"max": MAX_IMPORT_ROWS}, line=line))
            break
        # (column, reason); a cell that cannot be stored is not checked any further.
        problems = [(name, reason) for name, value in values.items() if (reason := _cell_problem(name, value))]
        unusable = {name for name, _reason in problems}
        values = {name: "" if name in unusable else clean_line(value) for name, value in values.items()}
        email = values["email"].lower()
        if "email" not in unusable:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(("email", _("invalid email address « %(email)s »") % {"email": values["email"]}))
            if email in seen:
                problems.append(("email", _("email address already on line %(line)d") % {"line": seen[email]}))
            seen.setdefault(email, line)
        for name in ("first_name", "last_name"):
            if not values[name] and name not in unusable:
                problems.append((name, _("empty cell")))
        library = None
        if values["library"]:
            library = libraries.get(values["library"].lower())
            if library is None:
                problems.append(("library", _("unknown library « %(library)s »") % {"library": values["library"]}))
        kind = _kind_from_text(values["kind"])
        if kind is None and "kind" not in unusable:
            problems.append(("kind", _("unknown kind « %(kind)s »") % {"kind": values["kind"]}))
        row_groups = []
        for name in filter(None, (part.strip() for part in values["groups"].replace("|", ";").split(";"))):
            if name.lower() in groups:
                row_groups.append(groups[name.lower()])
            else:
                problems.append(("groups", _("unknown group « %(group)s »") % {"group": name}))
        if problems:
            errors.extend(StaffImportProblem(reason, line=line, column=column) for column, reason
                          in sorted(problems, key=lambda problem: IMPORT_COLUMNS.index(problem[0])))
            continue
        rows.append(StaffRow(line=line, email=email, first_name=values["first_name"],
                             last_name=values["last_name"], library=library, kind=kind,
                             job_title=values["job_title"], groups=tuple(row_groups)))
    if errors:
        raise StaffImportError(errors)
    return rows


DEFAULT_ROLE_BY_KIND = {
    PersonKind.PROFESSIONAL: Role.STAFF,
    PersonKind.VOLUNTEER: Role.VOLUNTEERS,
    PersonKind.ELECTED: Role.ELECTED,
    PersonKind.COORDINATION: Role.COORDINATION,
}


def set_password_url(user: User) -> str:
    """A link that lets a new account choose its password (allauth's reset-from-key page)."""
    path = reverse("account_reset_password_from_key",
                   kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def account_invite(*, user: User) -> None:
    send_templated_email(to=[user.email], template="intranet/email/invitation",
                         context={"user": user, "person": getattr(user, "person", None),
                                  "set_password_url": set_password_url(user),
                                  "site_url": settings.WAGTAILADMIN_BASE_URL})


@transaction.atomic
def person_with_account_save(*, email: str, first_name: str, last_name: str, kind: str,
                             library: Library | None = None, job_title: str = "",
                             groups: tuple[Group, ...] = ()) -> tuple[Person, bool]:
    """Create or update (by email) an account and its directory entry; returns (person, created)."""
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email.lower())
        user.set_unusable_password()
    user.first_name, user.last_name = first_name, last_name
    user.save()
    person = Person.objects.filter(user=user).first() or Person(user=user)
    person.first_name, person.last_name, person.kind = first_name, last_name, kind
    person.library, person.job_title = library, job_title
    person.save()
    wanted_groups = list(groups) or [Group.objects.get(name=DEFAULT_ROLE_BY_KIND[kind].value)]
    user.groups.add(*wanted_groups)
    return person, created


@transaction.atomic
def staff_import(*, text: str, invite: bool = True) -> StaffImportReport:
    """Import people from a CSV text. Every row is checked before anything is written: one bad row
    refuses the whole file (StaffImportError lists each bad line and why). Idempotent by email."""
    rows = _parse_staff_rows(text)
    report = StaffImportReport()
    for row in rows:
        person, created = person_with_account_save(
            email=row.email, first_name=row.first_name, last_name=row.last_name, kind=row.kind,
            library=row.library, job_title=row.job_title, groups=row.groups,
        )
        (report.created if created else report.updated).append(row.email)
        if created and invite:
            account_invite(user=person.user)
    return report


class EmailTaken(Exception):
    """Another account already logs in with this address (whatever its case)."""

    def __init__(self, email: str):
        super().__init__(email)
        self.email = email


def email_in_use(*, email: str, user: User | None = None) -> bool:
    """Whether an account other than `user` has `email`, in any case, as its login or among its
    allauth addresses (allauth logs in with either)."""
    email = normalize_account_email(email)
    accounts = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if user is not None and user.pk is not None:
        accounts, addresses = accounts.exclude(pk=user.pk), addresses.exclude(user_id=user.pk)
    return accounts.exists() or addresses.exists()


@transaction.atomic
def account_email_change(*, user: User, email: str) -> User:
    """Make `email` the address `user` logs in with. allauth's addresses follow: exactly one, the
    new one, primary and verified (accounts are only made by the coordination); the old ones are
    removed, since allauth would still open a session with them. Idempotent: the post_save signal
    calls it after every save of an account (admin, import, shell). Raises EmailTaken."""
    email = normalize_account_email(email)
    if email_in_use(email=email, user=user):
        raise EmailTaken(email)
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    # The old primary goes first: (user, primary) is unique, the new one could not be made primary.
    EmailAddress.objects.filter(user=user).exclude(email=email).delete()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user


@transaction.atomic
def profile_update(*, person: Person, phone: str, job_title: str, bio: str) -> Person:
    person.phone, person.job_title, person.bio = phone, job_title, bio
    person.full_clean()
    person.save(update_fields=["phone", "job_title", "bio"])
    return person
