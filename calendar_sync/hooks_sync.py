"""Admin screens and extension points of the agenda's sync family (imported by wagtail_hooks.py)."""
