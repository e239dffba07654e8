"""A small, realistic Google Takeout of a network's shared Drive, to try the Drive import with
(`manage.py build_demo_takeout`, then `manage.py import_drive var/demo/takeout-demo.zip ...`).

It holds what a real export holds: `Takeout/archive_browser.html`, `Takeout/Drive/<folders>/<files>`
with accents and spaces in the names, Word files with headings and lists (as Google Docs exports
them), a PDF, an image, a spreadsheet, an OpenDocument text, two files of one name in one folder
(Takeout writes the second as « name(1).ext »), one file that is not what its name says (an HTML page
called « rapport.pdf », which the import must refuse) and `Takeout/Calendar/<agenda>.ics` (three
events, one weekly). Every entry is dated over the last year, as Drive dated the files; the
calendar's events fall around today. `files=N` adds N small generated files over 20 folders, for
timing an import of 1,000 files."""

import datetime
import io
import os
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from . import samples

DRIVE = "Takeout/Drive/Réseau lecture publique"
CALENDAR = "Takeout/Calendar/Agenda du réseau.ics"
GENERATED_FOLDERS = 20

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def default_path() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "takeout-demo.zip"


# --- A Word file with headings and lists ---------------------------------------------------------------

def _paragraph(kind: str, text: str) -> str:
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
    if kind in ("h1", "h2"):
        return f'<w:p><w:pPr><w:pStyle w:val="Heading{kind[1]}"/></w:pPr>{run}</w:p>'
    if kind in ("ul", "ol"):
        number = 1 if kind == "ul" else 2
        return (f'<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/>'
                f'<w:numId w:val="{number}"/></w:numPr></w:pPr>{run}</w:p>')
    return f"<w:p>{run}</w:p>"


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
    '<w:basedOn w:val="Normal"/></w:style></w:styles>'
)

_NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/>'
    '</w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    "</w:numbering>"
)


def rich_docx_bytes(blocks: list[tuple[str, str]]) -> bytes:
    """A Word document of headings, paragraphs and lists, with the styles and numbering parts Word
    and mammoth read: blocks = [("h1", "Titre"), ("p", "Texte"), ("ul", "Puce"), ("ol", "Étape")]."""
    body = "".join(_paragraph(kind, text) for kind, text in blocks)
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
                f"<w:body>{body}</w:body></w:document>")
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{samples.WORD}.main+xml"/>'
        '<Override PartName="/word/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/numbering.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        "</Types>"
    )
    package_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/numbering" Target="numbering.xml"/></Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("[Content_Types].xml", types), ("_rels/.rels", package_rels),
                           ("word/_rels/document.xml.rels", document_rels), ("word/document.xml", document),
                           ("word/styles.xml", _STYLES), ("word/numbering.xml", _NUMBERING)]:
            archive.writestr(zipfile.ZipInfo(name), data.encode())
    return out.getvalue()


# --- The calendar --------------------------------------------------------------------------------------

def _ics_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_bytes(today: datetime.date) -> bytes:
    """Three events around `today` as Google Calendar exports them: a COTECH meeting, a training day
    and a weekly « permanence » (six Wednesdays)."""
    zone = timezone.get_current_timezone()

    def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour, minute),
                                         tzinfo=zone)

    next_wednesday = (2 - today.weekday()) % 7 or 7
    events = [
        ("demo-cotech@takeout.demo.test", "Comité technique — préparation du budget", at(9, 14), at(9, 17),
         "Hôtel d’agglomération, salle 2", ""),
        ("demo-formation@takeout.demo.test", "Formation : accueillir les publics en situation de handicap",
         at(16, 9, 30), at(16, 16, 30), "Médiathèque de Kerbréhat", ""),
        ("demo-permanence@takeout.demo.test", "Permanence numérique du réseau", at(next_wednesday, 10),
         at(next_wednesday, 12), "Médiathèque de Saint-Aubin-des-Grèves", "RRULE:FREQ=WEEKLY;COUNT=6"),
    ]
    stamp = _ics_time(timezone.now())
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Agenda du réseau", "X-WR-TIMEZONE:Europe/Paris"]
    for uid, summary, start, end, location, rule in events:
        lines += ["BEGIN:VEVENT", f"DTSTART:{_ics_time(start)}", f"DTEND:{_ics_time(end)}", f"DTSTAMP:{stamp}",
                  f"UID:{uid}", f"SUMMARY:{_ics_escape(summary)}", f"LOCATION:{_ics_escape(location)}",
                  *([rule] if rule else []), "STATUS:CONFIRMED", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


# --- The archive ---------------------------------------------------------------------------------------

ARCHIVE_BROWSER = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Archive Google</title></head>
<body><h1>Votre archive Google</h1>
<p>Cette archive contient les données de Google Drive et de Google Agenda du réseau lecture publique.</p>
</body></html>
"""

FAKE_PDF = b"""<!DOCTYPE html>
<html><head><title>Rapport</title></head><body><p>Ce fichier n'est pas un PDF.</p></body></html>
"""


def _files() -> list[tuple[str, bytes, int]]:
    """(path inside Drive, bytes, age in days) of the demo files."""
    cotech_november = rich_docx_bytes([
        ("h1", "Comité technique du 20 novembre 2025"),
        ("p", "Présents : les référents de douze médiathèques et la cellule de coordination."),
        ("h2", "Ordre du jour"),
        ("ol", "Bilan de la navette documentaire"),
        ("ol", "Horaires d’été des médiathèques"),
        ("ol", "Questions diverses"),
        ("h2", "Décisions"),
        ("ul", "La navette passe le mardi et le vendredi à partir de janvier."),
        ("ul", "Les horaires d’été sont harmonisés du 7 juillet au 30 août."),
        ("h2", "Actions"),
        ("ul", "La coordination envoie le calendrier de la navette avant le 15 décembre."),
    ])
    cotech_january = rich_docx_bytes([
        ("h1", "Comité technique du 15 janvier 2026"),
        ("h2", "Ordre du jour"),
        ("ol", "Budget d’acquisition 2026"),
        ("ol", "Fête du livre : programme"),
        ("h2", "Décisions"),
        ("ul", "Le budget d’acquisition est réparti au prorata des prêts."),
    ])
    ill = rich_docx_bytes([
        ("h1", "Prêt entre bibliothèques"),
        ("p", "Cette procédure explique comment demander un document à une autre médiathèque du réseau."),
        ("h2", "Demander un document"),
        ("ol", "Vérifiez dans le catalogue que le document n’est pas disponible sur place."),
        ("ol", "Créez la réservation réseau depuis la fiche du lecteur."),
        ("ol", "Indiquez la médiathèque de retrait."),
        ("h2", "Recevoir le document"),
        ("ul", "La navette apporte le document sous huit jours."),
        ("ul", "Prévenez le lecteur par courriel ou SMS."),
    ])
    return [
        ("Charte d’accueil.pdf", samples.pdf_bytes(lines=(
            "Charte d’accueil du public", "Chaque médiathèque du réseau accueille tous les publics,",
            "gratuitement, sans justificatif pour la consultation sur place."
        )), 320),
        ("Comptes rendus/COTECH 2025-11.docx", cotech_november, 110),
        ("Comptes rendus/COTECH 2026-01.docx", cotech_january, 50),
        ("Comptes rendus/Relevé de décisions.pdf", samples.pdf_bytes("Relevé de décisions du COTECH, 2025"), 200),
        ("Comptes rendus/Relevé de décisions(1).pdf",
         samples.pdf_bytes("Relevé de décisions du COTECH, 2026 (version corrigée)"), 40),
        ("Procédures/Prêt entre bibliothèques.docx", ill, 260),
        ("Procédures/Inscription d’un lecteur.odt",
         samples.odf_bytes("text", "Inscription d’un lecteur : pièce d’identité, justificatif de domicile."), 180),
        ("Affiches/Fête du livre.png", samples.png_bytes(), 150),
        ("Affiches/Photos/Été 2025/Atelier d’écriture.jpg", samples.jpeg_bytes(), 230),
        ("Budget et statistiques/Budget 2026.xlsx", samples.xlsx_bytes(), 90),
        ("Budget et statistiques/rapport.pdf", FAKE_PDF, 70),
        ("Animations/Été 2025/Programme des ateliers/Programme jeunesse.docx", samples.docx_bytes(paragraphs=(
            "Programme jeunesse de l’été 2025", "Heure du conte le mercredi, atelier BD le samedi.")), 340),
        ("Animations/Heure du conte.txt", "Heure du conte : un mercredi sur deux, à 10 h 30.\n".encode(), 20),
    ]


def _generated(count: int) -> list[tuple[str, bytes, int]]:
    """`count` small files of distinct content, spread over GENERATED_FOLDERS folders."""
    made = []
    for number in range(1, count + 1):
        folder = f"Archives/Dossier {(number - 1) % GENERATED_FOLDERS + 1:02d}"
        text = f"Note de service n° {number} : relevé des prêts de la semaine {number % 52 + 1}."
        match number % 3:
            case 0:
                name, data = f"Note {number:04d}.pdf", samples.pdf_bytes(text)
            case 1:
                name, data = f"Note {number:04d}.docx", samples.docx_bytes(text)
            case _:
                name, data = f"Note {number:04d}.txt", f"{text}\n".encode()
        made.append((f"{folder}/{name}", data, number % 365))
    return made


def _zip_time(age_days: int) -> tuple[int, int, int, int, int, int]:
    moment = timezone.localtime(timezone.now() - datetime.timedelta(days=age_days, hours=age_days % 9))
    return moment.timetuple()[:6]


def build_demo_takeout(path=None, *, files: int = 0) -> Path:
    """Write the demo Takeout to `path` (default var/demo/takeout-demo.zip, its folder made) -> the path."""
    path = Path(path) if path else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [("Takeout/archive_browser.html", ARCHIVE_BROWSER.encode(), 0)]
    entries += [(f"{DRIVE}/{name}", data, age) for name, data, age in _files() + _generated(max(files, 0))]
    entries.append((CALENDAR, calendar_bytes(timezone.localdate()), 0))
    temporary = path.with_name(f".{path.name}.part")
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data, age in entries:
                info = zipfile.ZipInfo(name, date_time=_zip_time(age))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
