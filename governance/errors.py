"""The domain errors of governance: the project's one pair (intranet.errors), imported from here by its services
and views."""

from intranet.errors import NotAllowed, Refused

__all__ = ["NotAllowed", "Refused"]
