"""What the procedures family adds to a tutorial page's context (TutorialPage.get_context calls it):
the reader's confirmation and what changed since, the feedback form, the local notes of the reader's
library keyed by step block id. Kept apart so the page model and the reading template do not import
the procedures' models and services."""


def procedure_context(page, request) -> dict:
    """Context for the includes tutorials/includes/procedure_panel.html, feedback_panel.html and
    local_notes.html, in a constant number of queries (five at most beyond the reader's person and
    roles, which are read once a request):

    - `feedback_panel`: the form (showing the reader's current answer), its answer, and for the
      owner and Coordination the link to the answers;
    - `procedure_panel` (procedures only, else None): the current version, the reader's confirmation,
      whether they are asked again, the change summaries and step changes since their version, and
      for the owner, referents and Coordination the link to who confirmed;
    - `local_notes`: {step block id: LocalNote} of the reader's library (procedures only), with
      `local_notes_library` and `can_write_local_notes` (the referent of that library, Coordination).
    """
    from django.urls import reverse

    from intranet.selectors import person_for_user

    from . import permissions
    from .forms_procedures import FeedbackForm
    from .models import Kind
    from .selectors import procedures as selectors

    user = request.user
    person = person_for_user(user)
    answer = selectors.reader_feedback(page, person)
    initial = {"helpful": "yes" if answer.helpful else "no", "comment": answer.comment} if answer else {}
    context = {
        "feedback_panel": {
            "form": FeedbackForm(initial=initial, auto_id="id_feedback_%s"),
            "answer": answer,
            "action": reverse("tutorials:feedback_save", args=[page.pk]),
            "answers_url": reverse("tutorials:feedback_answers", args=[page.pk])
            if permissions.can_see_feedback(user, page) else "",
        },
        "procedure_panel": None,
        "local_notes": {},
        "local_notes_library": None,
        "can_write_local_notes": False,
    }
    if page.kind != Kind.PROCEDURE:
        return context
    reader = selectors.reader_procedure(page, person)
    context["procedure_panel"] = {
        "reader": reader,
        "confirm_url": reverse("tutorials:procedure_confirm", args=[page.pk]),
        "confirmations_url": reverse("tutorials:procedure_confirmations", args=[page.pk])
        if permissions.can_see_confirmations(user, page) else "",
    }
    library = person.library if person is not None else None
    if library is not None:
        context["local_notes"] = selectors.library_notes(page, library.pk)
        context["local_notes_library"] = library
        context["can_write_local_notes"] = permissions.can_write_local_note(user, library.pk)
    return context
