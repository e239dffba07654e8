"""The text of a document, read for the search: PDF (pypdf), Word (docx) and OpenDocument text (odt)
from their XML, plain text and CSV as they are. Bounded on every side (pages read, XML member size,
characters kept) and never fatal: a file whose text cannot be read is still a document, found by its
title and tags."""

import logging
import re
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_PDF_PAGES = 200
MAX_XML_BYTES = 20 * 1024 * 1024

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t\r\f\v]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()[:MAX_CHARS]


def _xml_member(file, member: str):
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        info = archive.getinfo(member)
        if info.file_size > MAX_XML_BYTES:
            return None
        with archive.open(info) as stream:
            data = stream.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        return None
    # Expat refuses external entities and, since 2.4, entity expansion bombs.
    return ElementTree.fromstring(data)


def _paragraphs(root, paragraph_tags: set[str]) -> str:
    lines = []
    for element in root.iter():
        if element.tag in paragraph_tags:
            lines.append("".join(element.itertext()))
        if sum(len(line) for line in lines) > MAX_CHARS:
            break
    return "\n".join(lines)


def _docx(file) -> str:
    root = _xml_member(file, "word/document.xml")
    if root is None:
        return ""
    return _paragraphs(root, {f"{_WORD_NS}p"})


def _odt(file) -> str:
    root = _xml_member(file, "content.xml")
    if root is None:
        return ""
    return _paragraphs(root, {f"{_TEXT_NS}p", f"{_TEXT_NS}h"})


def _pdf(file) -> str:
    from pypdf import PdfReader

    file.seek(0)
    reader = PdfReader(file)
    parts, size = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


def _plain(file) -> str:
    file.seek(0)
    data = file.read(MAX_CHARS * 2)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


READERS = {"pdf": _pdf, "docx": _docx, "odt": _odt, "txt": _plain, "csv": _plain}


def extract_text(file, extension: str) -> str:
    """The searchable text of an open file whose content was already checked to be `extension`."""
    reader = READERS.get(extension.lower().lstrip("."))
    if reader is None:
        return ""
    try:
        return _squeeze(reader(file))
    except Exception:  # a damaged file still is a document: log it, index its title
        logger.warning("Could not read the text of a %s file", extension, exc_info=True)
        return ""
    finally:
        file.seek(0)
