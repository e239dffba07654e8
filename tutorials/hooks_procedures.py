"""Hook functions of the procedures family (see wagtail_hooks.py)."""
