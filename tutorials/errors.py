"""The domain errors of tutorials: each carries the translated message the user reads."""

from django.core.exceptions import PermissionDenied


class Refused(Exception):
    """A rule refuses the change; `message` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(PermissionDenied):
    """The person's role does not allow this (views answer 403)."""
