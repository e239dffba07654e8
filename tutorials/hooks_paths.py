"""Hook functions of the paths family (see wagtail_hooks.py)."""
