"""What an import did (or would do, in a dry run): the preview page, the confirmation and the
command all show this, and IcsImport.report stores it as JSON."""

import dataclasses
import datetime as dt

# How many items the preview lists (the counts cover them all).
LISTED_ITEMS = 50


@dataclasses.dataclass
class ReportItem:
    label: str
    action: str  # new, updated, unchanged, cancelled
    start: str = ""  # ISO 8601


@dataclasses.dataclass
class SkippedItem:
    label: str
    reason: str


@dataclasses.dataclass
class ConflictItem:
    label: str
    room: str
    start: str  # ISO 8601
    blocking: str  # what is in the way, as the importer may see it


@dataclasses.dataclass
class ImportReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    cancelled: int = 0
    items: list[ReportItem] = dataclasses.field(default_factory=list)
    skipped_items: list[SkippedItem] = dataclasses.field(default_factory=list)
    conflicts: list[ConflictItem] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    duration: float = 0.0  # seconds
    dry_run: bool = False
    events_read: int = 0
    calendar_name: str = ""

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged + self.skipped + self.cancelled

    @property
    def changes(self) -> int:
        return self.new + self.updated + self.cancelled

    def add(self, action: str, label: str, start: dt.datetime | None = None) -> None:
        setattr(self, action, getattr(self, action) + 1)
        if len(self.items) < LISTED_ITEMS and action != "unchanged":
            self.items.append(ReportItem(label=label, action=action, start=start.isoformat() if start else ""))

    def skip(self, label: str, reason: str) -> None:
        self.skipped += 1
        if len(self.skipped_items) < LISTED_ITEMS:
            self.skipped_items.append(SkippedItem(label=label, reason=str(reason)))

    def conflict(self, label: str, room: str, start: dt.datetime, blocking: str) -> None:
        self.skipped += 1
        if len(self.conflicts) < LISTED_ITEMS:
            self.conflicts.append(ConflictItem(label=label, room=room, start=start.isoformat(), blocking=blocking))

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        if not data:
            return cls()
        fields = {field.name for field in dataclasses.fields(cls)}
        values = {key: value for key, value in data.items() if key in fields}
        values["items"] = [ReportItem(**item) for item in data.get("items", [])]
        values["skipped_items"] = [SkippedItem(**item) for item in data.get("skipped_items", [])]
        values["conflicts"] = [ConflictItem(**item) for item in data.get("conflicts", [])]
        values["warnings"] = [str(warning) for warning in data.get("warnings", [])]
        return cls(**values)


def report_lines(report: ImportReport) -> list[str]:
    """The report as the command prints it: the same figures and lists as the preview page."""
    from django.utils.translation import gettext as _

    lines = [
        (_("Dry run: nothing was written.") if report.dry_run else _("Import done.")) + f" ({report.calendar_name})",
        _("New: %(new)d, updated: %(updated)d, cancelled: %(cancelled)d, unchanged: %(unchanged)d, "
          "skipped: %(skipped)d (events read: %(read)d, %(seconds).2f s).") % {
            "new": report.new, "updated": report.updated, "cancelled": report.cancelled,
            "unchanged": report.unchanged, "skipped": report.skipped, "read": report.events_read,
            "seconds": report.duration},
    ]
    lines += [_("Warning: %(warning)s") % {"warning": warning} for warning in report.warnings]
    lines += [_("Conflict: %(label)s — already booked: %(blocking)s") % {"label": item.label, "blocking": item.blocking}
              for item in report.conflicts]
    lines += [_("Skipped: %(label)s — %(reason)s") % {"label": item.label, "reason": item.reason}
              for item in report.skipped_items]
    labels = {"new": _("New"), "updated": _("Updated"), "cancelled": _("Cancelled")}
    lines += [f"{labels.get(item.action, item.action)}: {item.label}" for item in report.items]
    return lines
