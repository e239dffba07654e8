"""What the procedures family adds to a tutorial page's context (TutorialPage.get_context calls it):
the reader's confirmation and what changed since, the feedback form, the local notes of the reader's
library keyed by step block id. Kept apart so the page model and the reading template do not import
the procedures' models and services."""


def procedure_context(page, request) -> dict:
    """Context for the includes tutorials/includes/procedure_panel.html, feedback_panel.html and
    local_notes.html (filled in by the procedures family)."""
    return {}
