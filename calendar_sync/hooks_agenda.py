"""Admin screens and extension points of the agenda's agenda family (imported by wagtail_hooks.py)."""
