"""Small real files of each accepted type, made in memory: a PDF a reader opens (with a line of
text that the search can read back), OOXML and OpenDocument packages with the parts their
applications need, images with their signatures. The demo Takeout (documents.demo_takeout), the
demo documents and the tests all use them."""

import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def pdf_bytes(text: str = "Ordre du jour", *, lines: tuple[str, ...] = ()) -> bytes:
    """A one-page PDF with a correct cross-reference table: one line of `text`, or an A4 page of `lines`."""

    def safe(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    if lines:
        width, height = 595, 842
        shown = " ".join(f"({safe(line)}) Tj 0 -18 Td" for line in lines)
        stream = f"BT /F1 12 Tf 50 790 Td {shown} ET"
    else:
        width, height = 200, 200
        stream = f"BT /F1 12 Tf 20 100 Td ({safe(text)}) Tj ET"
    stream = stream.encode("cp1252", "replace")  # the font's WinAnsiEncoding: ’, é, « » kept
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % (width, height),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]], *, first_stored: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(members):
            compression = zipfile.ZIP_STORED if first_stored and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return out.getvalue()


def _content_types(main_part: str, main_type: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    ).encode()


def _rels(main_part: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'officeDocument" Target="{main_part}"/></Relationships>'
    ).encode()


def docx_bytes(text: str = "Compte rendu", *, main_type: str = f"{WORD}.main+xml", extra=(),
               paragraphs: tuple[str, ...] = ()) -> bytes:
    """A Word document of one paragraph (`text`), or of `paragraphs`."""
    runs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in (paragraphs or (text,)))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{runs}</w:body></w:document>"
    ).encode()
    return _zip([("[Content_Types].xml", _content_types("word/document.xml", main_type)),
                 ("_rels/.rels", _rels("word/document.xml")), ("word/document.xml", document), *extra])


def xlsx_bytes() -> bytes:
    workbook = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
    return _zip([("[Content_Types].xml", _content_types("xl/workbook.xml", f"{EXCEL}.main+xml")),
                 ("_rels/.rels", _rels("xl/workbook.xml")), ("xl/workbook.xml", workbook)])


def pptx_bytes() -> bytes:
    presentation = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>')
    return _zip([("[Content_Types].xml", _content_types("ppt/presentation.xml", f"{POWERPOINT}.main+xml")),
                 ("_rels/.rels", _rels("ppt/presentation.xml")), ("ppt/presentation.xml", presentation)])


def odf_bytes(kind: str = "text", text: str = "") -> bytes:
    """An OpenDocument package: `mimetype` first and stored, as the standard requires; `text`: one
    paragraph of an OpenDocument text."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        f"<text:p>{escape(text)}</text:p></office:text></office:body></office:document-content>"
    ).encode()
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return _zip([("mimetype", mimetype), ("content.xml", content),
                 ("META-INF/manifest.xml", manifest)], first_stored=True)


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


