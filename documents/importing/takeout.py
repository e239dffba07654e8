"""Reading a Google Takeout zip under guards: what it holds (Drive folders and files, Calendar/*.ics),
and each file's bytes, never inflating more than the limits allow.

Whole-archive guards (TakeoutRefused: nothing is imported): the archive's size, a file that is not a
zip or is encrypted, the number of members, the total uncompressed size the archive declares.
Per-file guards (`Member.refusal`, or MemberRefused while reading: that file only is refused): an
unsafe path (absolute, drive letter, `..`, backslash, NUL or control characters), a link or another
entry that is not a regular file, a compression ratio of a zip bomb, a file larger than the library
accepts, and while reading, more bytes than the header declared (a lying header is a bomb too).

A member is never extracted by its own name: its bytes go to a SpooledTemporaryFile handed to the
library's content check and storage, which name the stored file themselves."""

import datetime
import os
import re
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .. import uploads

# Members smaller than this are never refused for their ratio: tiny files compress well honestly.
RATIO_FLOOR_BYTES = 16 * 1024
# What stays in memory before a member being read spills into an anonymous temporary file.
SPOOL_BYTES = 2 * 1024 * 1024
CHUNK = 64 * 1024

TAKEOUT_NAMES = {"takeout"}
DRIVE_NAMES = {"drive", "mon drive", "my drive"}
CALENDAR_NAMES = {"calendar", "agenda"}
# Takeout's own index page, and what desktop systems leave in folders.
IGNORED_FILES = {"archive_browser.html", "desktop.ini", ".ds_store", "thumbs.db"}
IGNORED_FOLDERS = {"__macosx"}

DRIVE, CALENDAR = "drive", "calendar"
_DRIVE_LETTER = re.compile(r"^[A-Za-z]:")
PARIS = ZoneInfo("Europe/Paris")


class TakeoutRefused(Exception):
    """The whole archive is refused; `message` says why (translated). Nothing has been written."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MemberRefused(Exception):
    """One member is refused while it is read; `message` says why (translated)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Member:
    """One entry of the archive worth reporting: a Drive file, a calendar, or a refused entry."""

    info: zipfile.ZipInfo
    path: str  # shown in the report: the member's name, NFC, control characters replaced
    kind: str = DRIVE  # DRIVE or CALENDAR
    folders: tuple[str, ...] = ()  # the Drive folders it sits in, from the Drive root
    name: str = ""  # its base name
    modified_at: datetime.datetime | None = None
    refusal: str = ""  # a per-file guard said no (then the member is never read)

    @property
    def size(self) -> int:
        return self.info.file_size


def display_path(name: str) -> str:
    """A member name fit for a report line: NFC, control characters shown as « ? »."""
    text = unicodedata.normalize("NFC", name)
    return "".join("?" if unicodedata.category(char) == "Cc" else char for char in text)


def zip_datetime(date_time: tuple) -> datetime.datetime | None:
    """A ZipInfo's date (local time, Paris: what the Takeout was made in) as an aware datetime."""
    try:
        return datetime.datetime(*date_time, tzinfo=PARIS)
    except (TypeError, ValueError):
        return None


def _path_parts(info: zipfile.ZipInfo) -> tuple[tuple[str, ...], str]:
    """(the path's components, NFC) or ((), why it is unsafe)."""
    raw = info.orig_filename
    if "\x00" in raw or any(unicodedata.category(char) == "Cc" for char in raw):
        return (), _("The name holds control characters.")
    if "\\" in raw:
        return (), _("The name holds a backslash, which could point outside the folder.")
    if raw.startswith("/"):
        return (), _("The path is absolute.")
    if _DRIVE_LETTER.match(raw):
        return (), _("The path starts with a drive letter.")
    parts = [unicodedata.normalize("NFC", part) for part in raw.split("/") if part not in ("", ".")]
    if ".." in parts:
        return (), _("The path climbs out of its folder (« .. »).")
    return tuple(parts), ""


def _file_type_refusal(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        return _("A link, not a file: links are never followed.")
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return _("Not a regular file.")
    return ""


def _size_refusal(info: zipfile.ZipInfo, *, limit: int) -> str:
    if info.file_size > limit:
        return _("Too large (%(size)s): files up to %(limit)s are accepted.") % {
            "size": filesizeformat(info.file_size), "limit": filesizeformat(limit)}
    ratio_limit = settings.DRIVE_IMPORT_MAX_RATIO
    if info.file_size > RATIO_FLOOR_BYTES and info.file_size > ratio_limit * max(info.compress_size, 1):
        return _("Compressed more than %(ratio)d times (%(size)s from %(packed)s): a zip bomb is never "
                 "inflated.") % {"ratio": ratio_limit, "size": filesizeformat(info.file_size),
                                 "packed": filesizeformat(info.compress_size)}
    return ""


def _archive_size(archive) -> int:
    if isinstance(archive, (str, os.PathLike)):
        return os.path.getsize(archive)
    size = getattr(archive, "size", None)
    if size is not None:
        return size
    position = archive.tell()
    archive.seek(0, os.SEEK_END)
    size = archive.tell()
    archive.seek(position)
    return size


class Takeout:
    """An open Takeout archive: `members` lists what it holds (Drive files and calendars, refused
    entries with their reason), `folders` the Drive folders its directory entries name (empty ones
    included), `read(member)` gives a file's bytes. Use as a context manager."""

    def __init__(self, archive):
        limit = settings.DRIVE_IMPORT_MAX_ARCHIVE_BYTES
        size = _archive_size(archive)
        if size > limit:
            raise TakeoutRefused(_("The archive weighs %(size)s: archives up to %(limit)s are accepted.")
                                 % {"size": filesizeformat(size), "limit": filesizeformat(limit)})
        if not isinstance(archive, (str, os.PathLike)):
            archive.seek(0)
        try:
            self.zip = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise TakeoutRefused(_("This file is not a zip archive: export your Drive with Google Takeout "
                                   "as a .zip.")) from exc
        try:
            self.members, self.folders = self._list()
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.zip.close()

    def _list(self) -> tuple[list[Member], list[tuple[str, ...]]]:
        infos = self.zip.infolist()
        if len(infos) > settings.DRIVE_IMPORT_MAX_FILES:
            raise TakeoutRefused(_("The archive holds %(count)d entries: %(limit)d at most are accepted. Export "
                                   "your Drive in several smaller archives.")
                                 % {"count": len(infos), "limit": settings.DRIVE_IMPORT_MAX_FILES})
        total = sum(info.file_size for info in infos)
        if total > settings.DRIVE_IMPORT_MAX_TOTAL_BYTES:
            raise TakeoutRefused(_("Uncompressed, the archive would take %(size)s: %(limit)s at most are "
                                   "accepted.") % {"size": filesizeformat(total),
                                                  "limit": filesizeformat(settings.DRIVE_IMPORT_MAX_TOTAL_BYTES)})
        if any(info.flag_bits & 0x1 for info in infos):
            raise TakeoutRefused(_("The archive is encrypted: export it again without a password."))
        parsed = [(info, *_path_parts(info)) for info in infos]
        structured = self._is_takeout([parts for _info, parts, _why in parsed if parts])
        members, folders = [], []
        file_limit = uploads.max_bytes()
        calendar_limit = settings.CALENDAR_IMPORT_MAX_BYTES
        for info, parts, unsafe in parsed:
            path = display_path(info.orig_filename)
            if unsafe:
                members.append(Member(info=info, path=path, refusal=unsafe))
                continue
            if not parts or any(part.casefold() in IGNORED_FOLDERS for part in parts):
                continue
            if parts[-1].casefold() in IGNORED_FILES:
                continue
            place = self._place(parts, structured=structured)
            if place is None:
                continue
            kind, inner = place
            refusal = _file_type_refusal(info)
            if not refusal and (info.is_dir() or stat.S_ISDIR(info.external_attr >> 16)):
                if kind == DRIVE and inner:
                    folders.append(inner)
                continue
            if not inner:
                continue
            if kind == CALENDAR and not inner[-1].casefold().endswith(".ics"):
                continue
            refusal = refusal or _size_refusal(info, limit=calendar_limit if kind == CALENDAR else file_limit)
            members.append(Member(info=info, path=path, kind=kind, folders=inner[:-1], name=inner[-1],
                                  modified_at=zip_datetime(info.date_time), refusal=refusal))
        return members, folders

    @staticmethod
    def _strip_takeout(parts: tuple[str, ...]) -> tuple[str, ...]:
        return parts[1:] if parts and parts[0].casefold() in TAKEOUT_NAMES else parts

    def _is_takeout(self, all_parts: list[tuple[str, ...]]) -> bool:
        """A Takeout layout (a Takeout folder, or a Drive folder at the top) rather than a bare Drive tree
        (which may well hold a folder named « Agenda »)."""
        tops = TAKEOUT_NAMES | DRIVE_NAMES
        return any(len(parts) > 1 and parts[0].casefold() in tops for parts in all_parts)

    def _place(self, parts: tuple[str, ...], *, structured: bool) -> tuple[str, tuple[str, ...]] | None:
        """(DRIVE or CALENDAR, the path inside it), None for what the import leaves aside."""
        if not structured:
            return DRIVE, parts
        parts = self._strip_takeout(parts)
        if not parts:
            return None
        head = parts[0].casefold()
        if head in DRIVE_NAMES:
            inner = parts[1:]
            # « Takeout/Drive/Mon Drive/… »: the Drive's own root is not a folder of ours.
            if inner and len(inner) > 1 and inner[0].casefold() in DRIVE_NAMES - {"drive"}:
                inner = inner[1:]
            return DRIVE, inner
        if head in CALENDAR_NAMES:
            return CALENDAR, parts[1:]
        return None  # another Google product's export, or Takeout's own index page

    def read(self, member: Member) -> File:
        """The member's bytes as a File named by its base name, read no further than its declared size
        + 1 byte. Raises MemberRefused."""
        declared = member.info.file_size
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - handed to the caller
        read = 0
        try:
            with self.zip.open(member.info) as source:
                while read <= declared:
                    chunk = source.read(min(CHUNK, declared + 1 - read))
                    if not chunk:
                        break
                    read += len(chunk)
                    spool.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
            spool.close()
            raise MemberRefused(_("The file does not match what the archive's header declares (size or checksum): "
                                  "it is not read further.")) from exc
        if read > declared:
            spool.close()
            raise MemberRefused(_("The file holds more than its header declares: a zip bomb is never inflated."))
        if read < declared:
            spool.close()
            raise MemberRefused(_("The file is shorter than its header declares: the archive is damaged."))
        spool.seek(0)
        file = File(spool, name=member.name)
        file.size = read
        return file
