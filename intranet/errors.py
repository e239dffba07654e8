"""The domain errors every feature app's services raise, one pair for the whole project: each carries the
translated message the user reads, and views turn them into a message (Refused: 400 with nothing changed)
or a 403 (NotAllowed). Apps re-export them from their own `errors` module, where their services import
them."""

from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """A rule refuses the change; `message` says why, in the reader's language, and `field` names the
    form field it belongs to, if any."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(PermissionDenied):
    """The person's role does not allow this (views answer 403)."""
