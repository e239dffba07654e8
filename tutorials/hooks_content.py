"""Hook functions of the content family (see wagtail_hooks.py)."""
