"""Admin screens and extension points of the agenda's feeds family (imported by wagtail_hooks.py)."""
