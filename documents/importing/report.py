"""What an import did, file by file: the table the command prints, the JSON of `--report` and the
admin's report page all come from this one structure."""

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Outcome(StrEnum):
    IMPORTED = "imported"  # a new document (or, dry run: would be)
    SKIPPED = "skipped"  # the folder already holds this content
    REFUSED = "refused"  # a guard or the content check said no: `reason` says why
    CALENDAR = "calendar"  # an .ics sent to the calendar importer
    FOLDER = "folder"  # a sub-folder made


OUTCOME_LABELS = {
    Outcome.IMPORTED: _("Imported"),
    Outcome.SKIPPED: _("Already there"),
    Outcome.REFUSED: _("Refused"),
    Outcome.CALENDAR: _("Calendar"),
    Outcome.FOLDER: _("Folder made"),
}


@dataclass
class Entry:
    path: str  # inside the archive, as Drive named it
    outcome: Outcome
    reason: str = ""  # refused: why, in the reader's language; calendar: what the importer did
    size: int = 0
    document_id: int | None = None
    draft_page_id: int | None = None  # --as-drafts: the draft tutorial made from this Word file


@dataclass
class ImportReport:
    archive: str
    folder: str  # the folder imported into, as a path of names
    dry_run: bool = False
    as_drafts: bool = False
    entries: list[Entry] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""  # the whole archive was refused (not a zip, a guard on the whole archive)

    def add(self, entry: Entry) -> Entry:
        self.entries.append(entry)
        return entry

    def count(self, outcome: Outcome) -> int:
        return sum(1 for entry in self.entries if entry.outcome == outcome)

    @property
    def totals(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}

    def as_dict(self) -> dict:
        data = asdict(self)
        data["entries"] = [{**asdict(entry), "outcome": entry.outcome.value, "reason": str(entry.reason)}
                           for entry in self.entries]
        data["totals"] = self.totals
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        entries = [Entry(**{**entry, "outcome": Outcome(entry["outcome"])}) for entry in data.get("entries", [])]
        fields = {key: data[key] for key in ("archive", "folder", "dry_run", "as_drafts", "seconds", "error")
                  if key in data}
        return cls(entries=entries, **fields)
