"""The files people upload (proposal attachments, the document library, a Drive import): an
allow-list of types, each checked on what the file holds, not on the name it was given. One
mechanism for every app (governance.attachments and documents.uploads call it with their limits).

- PDF: starts with « %PDF- ».
- Word, Excel, PowerPoint (docx, xlsx, pptx): a zip holding `[Content_Types].xml` that declares the
  main part of that kind (so a macro-enabled docm renamed docx is refused) and that main part
  (word/document.xml, xl/workbook.xml, ppt/presentation.xml), and no VBA project.
- OpenDocument (odt, ods, odp): a zip whose first member is `mimetype`, holding that kind's type.
- Text and CSV: no NUL byte, UTF-8 (or Windows-1252, what spreadsheets of the network export).
- PNG and JPEG images: their signatures.

The extension must name the type the content has, the file must not be empty nor larger than the
caller's limit, and the name kept is cleaned (no folder, no control or invisible character, no
character a file system refuses) and short. The type recorded is the allow-list's, never the
browser's claim."""

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Refused
from .text import clean_line

MAX_NAME_LENGTH = 100
# What is read of a file's head, and at most of the small zip members that say what a zip holds.
HEAD_BYTES = 8192
MAX_MEMBER_BYTES = 256 * 1024


class UploadRefused(Refused):
    """A file is not accepted; `name` is the file as the person chose it."""

    def __init__(self, message, *, name: str = ""):
        super().__init__(message)
        self.name = name


@dataclass(frozen=True)
class FileKind:
    label: object  # a lazy translation: « a PDF document »
    content_type: str
    holds: Callable  # (file) -> bool


@dataclass(frozen=True)
class CheckedFile:
    """An uploaded file that passed the checks, with the name and type to record."""

    upload: object
    name: str
    content_type: str
    size: int


# --- What the content holds ---------------------------------------------------------------------------

def _head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _starts_with(*signatures: bytes) -> Callable:
    def holds(upload) -> bool:
        return _head(upload).startswith(signatures)

    return holds


def _zip(upload) -> zipfile.ZipFile | None:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """A small member's bytes, None when it claims or turns out to be larger than a descriptor can
    be (a zip bomb is never inflated)."""
    if info.file_size > MAX_MEMBER_BYTES:
        return None
    try:
        with archive.open(info) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    return data if len(data) <= MAX_MEMBER_BYTES else None


def _ooxml(main_part: str, main_content_type: str) -> Callable:
    def holds(upload) -> bool:
        archive = _zip(upload)
        if archive is None:
            return False
        with archive:
            members = {info.filename: info for info in archive.infolist()}
            types = members.get("[Content_Types].xml")
            if types is None or main_part not in members:
                return False
            if any(name.lower().endswith("vbaproject.bin") for name in members):
                return False
            declared = _read_member(archive, types)
            return declared is not None and main_content_type.encode() in declared

    return holds


def _odf(mimetype: str) -> Callable:
    def holds(upload) -> bool:
        archive = _zip(upload)
        if archive is None:
            return False
        with archive:
            members = archive.infolist()
            if not members or members[0].filename != "mimetype":
                return False
            declared = _read_member(archive, members[0])
            return declared is not None and declared.strip() == mimetype.encode()

    return holds


def _plain_text(upload) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Text has line breaks and tabs, not the other control characters binary files are full of.
        return not re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    return False


_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
_ODF = "application/vnd.oasis.opendocument."

PDF = FileKind(gettext_lazy("a PDF document"), "application/pdf", _starts_with(b"%PDF-"))
KINDS: dict[str, FileKind] = {
    "pdf": PDF,
    "docx": FileKind(gettext_lazy("a Word document"), _WORD, _ooxml("word/document.xml", f"{_WORD}.main+xml")),
    "xlsx": FileKind(gettext_lazy("an Excel workbook"), _EXCEL, _ooxml("xl/workbook.xml", f"{_EXCEL}.main+xml")),
    "pptx": FileKind(gettext_lazy("a PowerPoint presentation"), _POWERPOINT,
                     _ooxml("ppt/presentation.xml", f"{_POWERPOINT}.main+xml")),
    "odt": FileKind(gettext_lazy("an OpenDocument text"), f"{_ODF}text", _odf(f"{_ODF}text")),
    "ods": FileKind(gettext_lazy("an OpenDocument spreadsheet"), f"{_ODF}spreadsheet", _odf(f"{_ODF}spreadsheet")),
    "odp": FileKind(gettext_lazy("an OpenDocument presentation"), f"{_ODF}presentation",
                    _odf(f"{_ODF}presentation")),
    "txt": FileKind(gettext_lazy("a text file"), "text/plain", _plain_text),
    "csv": FileKind(gettext_lazy("a CSV table"), "text/csv", _plain_text),
    "png": FileKind(gettext_lazy("a PNG image"), "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileKind(gettext_lazy("a JPEG image"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "jpeg": FileKind(gettext_lazy("a JPEG image"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
}
# For the file input's `accept` and the form's help.
ACCEPT = ",".join(f".{extension}" for extension in KINDS)


def accepted_types_text() -> str:
    return _("PDF, Word, Excel, PowerPoint, OpenDocument, text, CSV, PNG or JPEG")


# --- Names ------------------------------------------------------------------------------------------

_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*]+')


def clean_name(name: str) -> str:
    """The name to keep and offer on download: no folder (either slash), no control or invisible
    character, none that a file system refuses, no leading dot, at most MAX_NAME_LENGTH characters
    with the extension kept."""
    base = clean_line(str(name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = " ".join(_UNSAFE_IN_NAMES.sub("_", base).split()).lstrip(". ")
    stem, extension = os.path.splitext(base)
    extension = extension.lower()[:10]
    stem = stem.strip(" .") or _("document")
    return stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .") + extension


# --- The check ----------------------------------------------------------------------------------------

def check(upload, *, max_bytes: int, kinds: dict[str, FileKind] | None = None,
          refused: type[UploadRefused] = UploadRefused) -> CheckedFile:
    """The file with its cleaned name and its type, or `refused` (an UploadRefused) saying why in
    words. `kinds`: the allow-list, KINDS unless the caller narrows it."""
    kinds = KINDS if kinds is None else kinds
    name = clean_name(getattr(upload, "name", ""))
    extension = os.path.splitext(name)[1].lstrip(".")
    kind = kinds.get(extension)
    if kind is None:
        raise refused(
            _("« %(name)s »: this kind of file is not accepted. Attach a %(types)s file.")
            % {"name": name, "types": accepted_types_text()}, name=name)
    size = upload.size
    if not size:
        raise refused(_("« %(name)s » is empty.") % {"name": name}, name=name)
    if size > max_bytes:
        raise refused(
            _("« %(name)s » is too large (%(size)s): files up to %(limit)s are accepted.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)}, name=name)
    if not kind.holds(upload):
        raise refused(
            _("« %(name)s » does not hold what its name says (%(kind)s): it is not accepted.")
            % {"name": name, "kind": kind.label}, name=name)
    upload.seek(0)
    return CheckedFile(upload=upload, name=name, content_type=kind.content_type, size=size)


def kind_of(name: str) -> FileKind | None:
    """The allow-list's kind for a file name's extension, None when it is not accepted."""
    return KINDS.get(os.path.splitext(clean_name(name))[1].lstrip("."))
