"""Small real files of each accepted type for the attachment tests (documents.samples), and the
files that pretend to be one of them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.samples import (  # noqa: F401  (the tests import them from here)
    EXCEL,
    POWERPOINT,
    WORD,
    docx_bytes,
    jpeg_bytes,
    odf_bytes,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
    xlsx_bytes,
)


def exe_bytes() -> bytes:
    """The start of a Windows program (MZ header, then the PE signature further on)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
