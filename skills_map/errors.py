"""The domain errors of skills_map: the project's one pair (intranet.errors), imported from here by its services
and views."""

from intranet.errors import NotAllowed, Refused

__all__ = ["NotAllowed", "Refused"]
