"""Takeout-like zips built by the Drive import tests: members written by hand, so that a test can
give a member any name, date, type bits or header it needs (a link, a lying size...)."""

import io
import stat
import struct
import warnings
import zipfile

from documents import samples

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    "BEGIN:VEVENT\r\nUID:copil-1@google.com\r\nDTSTAMP:20260301T090000Z\r\n"
    "DTSTART:20260320T130000Z\r\nDTEND:20260320T150000Z\r\nSUMMARY:Comité de pilotage\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:cotech-1@google.com\r\nDTSTAMP:20260301T090000Z\r\n"
    "DTSTART:20260324T080000Z\r\nDTEND:20260324T100000Z\r\nSUMMARY:Comité technique\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()

DATE = (2025, 11, 14, 16, 30, 0)  # Paris local time, as Takeout writes it


def member(name: str, data: bytes, *, date=DATE, mode: int | None = None, compress=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, date_time=date)
    info.compress_type = compress
    if mode is not None:
        info.create_system = 3
        info.external_attr = mode << 16
    return info, data


def build(members, path=None) -> bytes:
    """A zip of (name, bytes) pairs or (ZipInfo, bytes) pairs; written to `path` too when given."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # two members of one name: what the tests want
        for item, data in members:
            info = item if isinstance(item, zipfile.ZipInfo) else member(item, data)[0]
            archive.writestr(info, data)
    content = out.getvalue()
    if path is not None:
        path.write_bytes(content)
    return content


def typical_members() -> list:
    """A Drive with accents and spaces, nested folders, two files of one name in one folder, a Word
    file, a calendar, a file that is not what its name says, and Takeout's own clutter."""
    return [
        member("Takeout/archive_browser.html", b"<html></html>"),
        member("Takeout/Drive/Comptes rendus/Réunion de février.pdf", samples.pdf_bytes("Réunion de février")),
        member("Takeout/Drive/Comptes rendus/Compte rendu.pdf", samples.pdf_bytes("Premier compte rendu")),
        member("Takeout/Drive/Comptes rendus/Compte rendu.pdf", samples.pdf_bytes("Second compte rendu")),
        member("Takeout/Drive/Procédures/Prêt entre médiathèques/Guide du prêt.docx",
               samples.docx_bytes("Le prêt entre médiathèques")),
        member("Takeout/Drive/Procédures/Prêt entre médiathèques/Affiche.png", samples.png_bytes()),
        member("Takeout/Drive/Procédures/desktop.ini", b"[.ShellClassInfo]"),
        member("Takeout/Drive/Images/Photo.jpg", b"this is not a JPEG at all, only text"),
        member("Takeout/Calendar/Agenda du réseau.ics", ICS),
        member("__MACOSX/Takeout/Drive/._Compte rendu.pdf", b"\x00\x05\x16\x07"),
    ]


def lying_header(name: str, real: bytes, declared: int) -> bytes:
    """A one-member zip whose headers declare `declared` bytes while the data inflates to `real`."""
    content = bytearray(build([member(name, real)]))
    real_size = struct.pack("<I", len(real))
    fake = struct.pack("<I", declared)
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    content[22:26] = fake
    central = content.rfind(b"PK\x01\x02")
    assert content[central + 24:central + 28] == real_size
    content[central + 24:central + 28] = fake
    return bytes(content)


SYMLINK = stat.S_IFLNK | 0o777
FIFO = stat.S_IFIFO | 0o644
