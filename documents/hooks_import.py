"""The Drive import in the admin, for Coordination: upload a Takeout, follow it in the background."""
