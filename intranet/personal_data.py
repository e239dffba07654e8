"""What the intranet holds about a person, app by app: « Mes données », leaving the network, and the
anonymisation once the retention period is over.

Each app declares one `PersonalData` in its wagtail_hooks.py under intranet.hooks.PERSONAL_DATA
(the core's own is in intranet/wagtail_hooks.py). The entry says in words what the app keeps, why
(purpose and legal basis, as the privacy notice states them) and for how long, and gives three
functions:

- ``export(person) -> list[Table]``: every row of the app about this person and nobody else's, at a
  constant number of queries whatever the volume (« Mes données » zips them, JSON plus CSV);
- ``leave(departure) -> list[Change]``: what the app closes when Coordination marks the person as
  gone (`intranet.departures.person_leave`): open bookings cancelled, memberships ended, mentees and
  pages handed to `departure.successor`...;
- ``anonymise(person) -> list[Change]``: what the app erases once `DEPARTED_RETENTION_DAYS` have
  passed since the departure (`intranet.departures.departed_anonymise`), keeping a name only where
  a record needs one (minutes, decisions, bookings history).

`leave` and `anonymise` write, inside the caller's transaction: a dry run runs them for real and
rolls everything back, so what it lists is exactly what would change. Mail they send goes out
through `transaction.on_commit` (which a dry run never reaches).
"""

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.timezone import is_aware, localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .exports import SpreadsheetSafeWriter
from .hooks import PERSONAL_DATA, registered

if TYPE_CHECKING:
    from .models import Departure, Person


@dataclass(frozen=True)
class Table:
    """Rows of one kind (a file of the export): `name` is the file name (ASCII, no extension),
    `columns` maps each row key to its label (the CSV header, in the reader's language)."""

    name: str
    title: Any
    columns: dict[str, Any]
    rows: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One line of what leaving or anonymising changed (or would change): `key` for tests and logs,
    `text` a translated sentence with the count in it."""

    key: str
    text: str
    count: int


@dataclass(frozen=True)
class PersonalData:
    key: str
    title: Any
    holds: Any  # what is kept, in plain words
    purpose: Any
    legal_basis: Any
    retention: Any  # for how long, in plain words
    export: Callable[["Person"], Sequence[Table]]
    leave: Callable[["Departure"], Iterable[Change]] | None = None
    anonymise: Callable[["Person"], Iterable[Change]] | None = None
    order: int = 100


def personal_data_sources() -> list[PersonalData]:
    return registered(PERSONAL_DATA)


def table(name: str, title: Any, columns: dict[str, Any], rows: Iterable[dict]) -> Table:
    """A Table whose rows keep only the declared columns, in their order."""
    return Table(name=name, title=title, columns=columns,
                 rows=[{key: row.get(key) for key in columns} for row in rows])


def change(key: str, text: str, count: int) -> list[Change]:
    """A one-line list, empty when nothing changed (so a dry run lists only what would)."""
    return [Change(key=key, text=str(text), count=count)] if count else []


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, datetime):
        return localtime(value).strftime("%Y-%m-%d %H:%M") if is_aware(value) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class ExportedSource:
    source: PersonalData
    tables: list[Table]

    @property
    def row_count(self) -> int:
        return sum(len(table.rows) for table in self.tables)


def personal_data_of(person: "Person") -> list[ExportedSource]:
    """Every app's tables about `person` (each app at a constant number of queries)."""
    return [ExportedSource(source=source, tables=list(source.export(person))) for source in personal_data_sources()]


def personal_data_archive(person: "Person", *, exported: list[ExportedSource] | None = None) -> bytes:
    """« Mes données » as a zip: one JSON file per app (every table, raw values) and one CSV per table
    (labelled columns, readable in a spreadsheet), with a README that says what each file holds."""
    exported = personal_data_of(person) if exported is None else exported
    buffer = io.BytesIO()
    readme = [_("Everything the intranet holds about %(name)s, exported on %(date)s.") % {
        "name": person.full_name, "date": localtime().strftime("%Y-%m-%d %H:%M")}, ""]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in exported:
            source = item.source
            document = {
                "app": source.key, "title": str(source.title), "holds": str(source.holds),
                "purpose": str(source.purpose), "legal_basis": str(source.legal_basis),
                "retention": str(source.retention),
                "tables": {table.name: table.rows for table in item.tables},
            }
            archive.writestr(f"{source.key}.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False,
                                                                indent=2))
            readme.append(f"{source.key}.json — {source.title}")
            for table_ in item.tables:
                stream = io.StringIO()
                stream.write("\ufeff")
                writer = SpreadsheetSafeWriter(stream)
                writer.writerow([str(label) for label in table_.columns.values()])
                writer.writerows([_cell(row[key]) for key in table_.columns] for row in table_.rows)
                archive.writestr(f"{source.key}/{table_.name}.csv", stream.getvalue())
                readme.append(f"  {source.key}/{table_.name}.csv — {table_.title} ({len(table_.rows)})")
        archive.writestr("LISEZMOI.txt" if get_language() == "fr" else "README.txt", "\n".join(readme) + "\n")
    return buffer.getvalue()
