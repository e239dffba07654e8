"""The domain errors of the document library: the project's one pair (intranet.errors), plus the
upload refusal of intranet.uploads."""

from intranet.errors import NotAllowed, Refused
from intranet.uploads import UploadRefused

__all__ = ["NotAllowed", "Refused", "UploadRefused"]
