"""The files people attach to agenda proposals (and so to agenda items): the project's one upload
check (intranet.uploads: an allow-list of types checked on content, a cleaned name), with the
governance limits: at most MAX_FILES files of GOVERNANCE_ATTACHMENT_MAX_BYTES each."""

from django.conf import settings
from django.utils.translation import gettext as _

from intranet import uploads
from intranet.uploads import (
    ACCEPT,
    KINDS,
    MAX_NAME_LENGTH,
    CheckedFile,
    UploadRefused,
    accepted_types_text,
    clean_name,
)

__all__ = ["ACCEPT", "KINDS", "MAX_FILES", "MAX_NAME_LENGTH", "AttachmentRefused", "CheckedFile",
           "accepted_types_text", "check", "check_all", "clean_name", "max_bytes"]

MAX_FILES = 10
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class AttachmentRefused(UploadRefused):
    """An attachment is not accepted; `name` is the file as the person chose it."""


def max_bytes() -> int:
    return getattr(settings, "GOVERNANCE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check(upload) -> CheckedFile:
    return uploads.check(upload, max_bytes=max_bytes(), refused=AttachmentRefused)


def check_all(uploads_) -> list[CheckedFile]:
    """Every file or none: the first refusal stops all."""
    uploads_ = list(uploads_)
    if len(uploads_) > MAX_FILES:
        raise AttachmentRefused(_("Attach at most %(count)d files.") % {"count": MAX_FILES})
    return [check(upload) for upload in uploads_]
