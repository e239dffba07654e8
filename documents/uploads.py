"""The library's upload rule: the project's one content check (intranet.uploads), with the library's
own size limit (DOCUMENTS_MAX_BYTES). Used by the site's upload form, the admin's document forms and
the Drive import alike."""

from django.conf import settings

from intranet import uploads
from intranet.uploads import ACCEPT, KINDS, CheckedFile, UploadRefused, accepted_types_text

__all__ = ["ACCEPT", "KINDS", "CheckedFile", "UploadRefused", "accepted_types_text", "check", "max_bytes"]

DEFAULT_MAX_BYTES = 25 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "DOCUMENTS_MAX_BYTES", DEFAULT_MAX_BYTES)


def check(upload) -> CheckedFile:
    return uploads.check(upload, max_bytes=max_bytes())
