"""Reads of governance, one module per page family, each at a constant number of queries and
filtered by governance.permissions."""

from .bodies import bodies_index

__all__ = ["bodies_index"]
