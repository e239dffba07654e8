"""Pages of the procedures family under /formation/: answering « Cette page vous a-t-elle aidé ? »
and its answers (owner, Coordination), confirming a procedure and who confirmed (owner, referents for
their library, Coordination), a library's notes under a procedure's steps and the notes that need a
look after the network text changed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.models import Library
from intranet.roles import Role, has_role
from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed, Refused
from ..forms_procedures import FeedbackForm, LocalNoteForm
from ..models import Kind, LocalNote, TutorialPage
from ..selectors import procedures as selectors
from ..services import procedures as services


def _page_or_404(request, page_id: int, *, procedure: bool = False) -> TutorialPage:
    """A live tutorial page of the reader's audience (404 otherwise: a guessed number says nothing)."""
    page = TutorialPage.objects.live().visible_to(request.user).filter(pk=page_id).select_related(
        "owner_person").first()
    if page is None or (procedure and page.kind != Kind.PROCEDURE):
        raise Http404
    return page


def _person_or_403(request):
    person = person_for_user(request.user)
    if person is None:
        raise NotAllowed(_("Your account is not linked to an entry of the directory."))
    return person


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# --- feedback ----------------------------------------------------------------------------------


@require_POST
def feedback_save(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_or_404(request, page_id)
    person = _person_or_403(request)
    form = FeedbackForm(request.POST, auto_id="id_feedback_%s")
    if form.is_valid():
        try:
            services.feedback_save(page=page, person=person, **form.cleaned_data)
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Thank you, your answer is recorded."))
            return redirect(page.url)
    return render(request, "tutorials/feedback_form.html", {"page": page, "form": form}, status=400)


def feedback_answers(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_or_404(request, page_id)
    if not permissions.can_see_feedback(request.user, page):
        raise PermissionDenied(_("Only the owner of the page and Coordination see its feedback."))
    return render(request, "tutorials/feedback_answers.html", {
        "page": page, "counts": selectors.feedback_counts(page),
        "page_obj": selectors.feedback_comments_page(page, request.GET.get("page")),
    })


# --- confirmations -----------------------------------------------------------------------------


@require_POST
def procedure_confirm(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_or_404(request, page_id, procedure=True)
    person = _person_or_403(request)
    try:
        confirmation = services.procedure_confirm(page=page, person=person)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Recorded: you read and apply version %(number)d of this procedure.") % {
            "number": confirmation.version.number})
    return redirect(page.url)


def _library_filter(request, scope_library_id):
    """The library shown: a referent's own (forced); for the owner and Coordination, the one asked for."""
    if scope_library_id is not None:
        return scope_library_id
    value = request.GET.get("bibliotheque", "")
    return int(value) if value.isdigit() else None


def procedure_confirmations(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _page_or_404(request, page_id, procedure=True)
    allowed, scope_library_id = permissions.confirmations_scope(request.user, page)
    if not allowed:
        raise PermissionDenied(_("Only the owner, the referents and Coordination see who confirmed a procedure."))
    library_id = _library_filter(request, scope_library_id)
    version = selectors.current_version(page)
    libraries = selectors.completion_by_library(page, version, library_id=library_id,
                                                page_number=request.GET.get("bibliotheques", 1))
    rows = selectors.confirmations_page(page, library_id=library_id, page_number=request.GET.get("page"))
    library = next((item for item in libraries if item.pk == library_id), None) if library_id else None
    return render(request, "tutorials/procedure_confirmations.html", {
        "page": page, "version": version, "libraries": libraries, "page_obj": rows,
        "library_id": library_id, "library": library, "referent_scope": scope_library_id is not None,
        "query": f"bibliotheque={library_id}" if library_id else "",
    })


# --- local notes -------------------------------------------------------------------------------


def _note_target(request, page_id: int, step_id: str, library_id: int, *, step_needed: bool = True):
    """The page, step and library of a note, or 404; 403 for who may not write that library's notes.
    A note whose step was removed can still be deleted (`step_needed=False`: step may be None)."""
    page = _page_or_404(request, page_id, procedure=True)
    step = selectors.steps_of(page.body).get(step_id)
    library = Library.objects.filter(pk=library_id).first()
    if (step is None and step_needed) or library is None:
        raise Http404
    if not permissions.can_write_local_note(request.user, library.pk):
        raise PermissionDenied(_("Only the referent of this library or Coordination may write its notes."))
    return page, step, library


def local_note_edit(request: HttpRequest, page_id: int, step_id: str, library_id: int) -> HttpResponse:
    page, step, library = _note_target(request, page_id, step_id, library_id)
    note = LocalNote.objects.filter(page=page, library=library, step_id=step_id).first()
    form = LocalNoteForm(request.POST or None, initial={"text": note.text} if note else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.local_note_save(page=page, library=library, step_id=step_id, text=form.cleaned_data["text"],
                                     by=_person_or_403(request))
        except Refused as refused:
            form.add_error("text", refused.message)
        else:
            messages.success(request, _("The note of %(library)s is saved under step %(number)d.") % {
                "library": library.name, "number": step.number})
            return redirect(f"{page.url}#step-{step_id}")
    return render(request, "tutorials/local_note_form.html", {
        "page": page, "step": step, "library": library, "note": note, "form": form,
        **_other_libraries(request)}, status=_status(form))


LIBRARIES_FOUND = 10


def _other_libraries(request) -> dict:
    """Coordination writes for any library: a search by name (the network may have hundreds)."""
    if not has_role(request.user, Role.COORDINATION):
        return {"library_search": None}
    text = " ".join(request.GET.get("recherche", "").split())[:100]
    found = list(Library.objects.filter(name__icontains=text).order_by("name", "pk")[:LIBRARIES_FOUND]) if text else []
    return {"library_search": {"text": text, "found": found}}


def local_note_delete(request: HttpRequest, page_id: int, step_id: str, library_id: int) -> HttpResponse:
    page, step, library = _note_target(request, page_id, step_id, library_id, step_needed=False)
    note = LocalNote.objects.filter(page=page, library=library, step_id=step_id).select_related("page").first()
    if note is None:
        raise Http404
    if request.method == "POST":
        services.local_note_delete(note=note, by=_person_or_403(request))
        messages.success(request, _("The note of %(library)s is deleted.") % {"library": library.name})
        return redirect(f"{page.url}#step-{step_id}" if step else reverse("tutorials:local_notes_review"))
    return render(request, "tutorials/local_note_delete.html", {
        "page": page, "step": step, "library": library, "note": note})


def _review_scope(request):
    """A referent looks at their library's notes; Coordination at every library's."""
    if has_role(request.user, Role.COORDINATION):
        return None
    person = person_for_user(request.user)
    if has_role(request.user, Role.REFERENTS) and person is not None and person.library_id is not None:
        return person.library_id
    raise PermissionDenied(_("Only referents and Coordination look after local notes."))


def local_notes_review(request: HttpRequest) -> HttpResponse:
    library_id = _review_scope(request)
    return render(request, "tutorials/local_notes_review.html", {
        "page_obj": selectors.notes_to_review(library_id=library_id, page_number=request.GET.get("page")),
        "all_libraries": library_id is None,
    })


@require_POST
def local_note_still_right(request: HttpRequest, note_id: int) -> HttpResponse:
    library_id = _review_scope(request)
    note = LocalNote.objects.select_related("page", "library").filter(pk=note_id).first()
    if note is None or (library_id is not None and note.library_id != library_id):
        raise Http404
    try:
        services.local_note_still_right(note=note, by=_person_or_403(request))
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The note stays as it is."))
    return redirect(reverse("tutorials:local_notes_review"))


urlpatterns = [
    path("tutoriels/<int:page_id>/avis/", feedback_answers, name="feedback_answers"),
    path("tutoriels/<int:page_id>/avis/envoyer/", feedback_save, name="feedback_save"),
    path("tutoriels/<int:page_id>/confirmer/", procedure_confirm, name="procedure_confirm"),
    path("tutoriels/<int:page_id>/confirmations/", procedure_confirmations, name="procedure_confirmations"),
    path("tutoriels/<int:page_id>/etapes/<str:step_id>/note/<int:library_id>/", local_note_edit,
         name="local_note_edit"),
    path("tutoriels/<int:page_id>/etapes/<str:step_id>/note/<int:library_id>/supprimer/", local_note_delete,
         name="local_note_delete"),
    path("notes-locales/", local_notes_review, name="local_notes_review"),
    path("notes-locales/<int:note_id>/toujours-juste/", local_note_still_right, name="local_note_still_right"),
]
