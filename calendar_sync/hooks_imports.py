"""Admin screens and extension points of the agenda's imports family (imported by wagtail_hooks.py)."""
