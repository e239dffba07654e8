"""Writes of governance, one module per concept (meetings, proposals, convocations, minutes,
decisions, actions). Each function is keyword-only, atomic, checks governance.permissions and the
rules, and raises a `governance.errors.Refused` subclass whose message the views show as it is."""
