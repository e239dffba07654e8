"""Pages of training paths: the contexts of the « Parcours » section and of a path's page (served by
Wagtail), « Mes parcours », the mentor's « Mes bénévoles », Coordination's overview of enrolments (and
its CSV), the enrol form, and the buttons of each step (mark done, undo, validate, send back, book a
room). Views parse, call a service, say it in French and redirect."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from calendar_sync import services as booking_services
from calendar_sync.permissions import rooms_bookable_by
from calendar_sync.presenters import conflict_message, when
from intranet.models import Library, Person
from intranet.roles import Role, has_role
from intranet.selectors import person_for_user
from intranet.text import spreadsheet_row

from ..errors import NotAllowed, Refused
from ..forms_paths import EnrolForm, OverviewFilterForm, ReviewForm, SendBackForm, StepBookingForm
from ..models import Enrolment, PathIndexPage, PathStep, StepKind, StepStatus, TrainingPathPage, TutorialPage
from ..permissions import can_book_for, can_enrol_others, can_review, can_see_enrolments_overview, can_withdraw
from ..selectors import paths as selectors
from ..services import paths as services

# --- pages served by Wagtail ----------------------------------------------------------------------


def path_index_context(request: HttpRequest, section) -> dict:
    person = person_for_user(request.user)
    enrolled = selectors.my_enrolment_path_ids(person)
    rows = [{"page": page, "enrolment": enrolled.get(page.pk),
             "can_self_enrol": page.self_enrolment and person is not None and page.pk not in enrolled}
            for page in selectors.visible_paths(request.user).child_of(section)[:100]]
    return {"path_rows": rows, "can_enrol_others": can_enrol_others(request.user)}


def path_page_context(request: HttpRequest, page: TrainingPathPage) -> dict:
    person = person_for_user(request.user)
    mine = selectors.enrolment_for_page(person, page)
    session_steps = set()
    if mine is not None:
        lines = mine.lines
        session_steps = {line.step.pk for line in lines if line.step.kind == StepKind.SESSION}
        if session_steps and not rooms_bookable_by(request.user).exists():
            session_steps = set()  # no « Book a room » button for who may book no room (a volunteer, often)
    else:
        lines = [selectors.StepLine(step, number) for number, step in enumerate(selectors.path_steps(page), start=1)]
    tutorial_ids = [line.step.tutorial_id for line in lines if line.step.tutorial_id]
    visible_tutorials = set(TutorialPage.objects.live().visible_to(request.user).filter(
        pk__in=tutorial_ids).values_list("pk", flat=True)) if tutorial_ids else set()
    return {
        "mine": mine, "lines": lines, "session_steps": session_steps, "visible_tutorials": visible_tutorials,
        "can_self_enrol": mine is None and page.self_enrolment and person is not None,
        "can_enrol_others": can_enrol_others(request.user),
        "review_form": ReviewForm(), "send_back_form": SendBackForm(),
        # The skills map's rows on this page (its relation, not an import: skills_map sits above).
        "skills_brought": list(page.skills_brought.select_related("skill").order_by("sort_order")),
    }


# --- helpers --------------------------------------------------------------------------------------


def _person(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to an entry of the directory."))
    return person


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


def _refused(request: HttpRequest, message: str, back: str) -> HttpResponse:
    return render(request, "tutorials/paths/refused.html", {"message": message, "back": back}, status=400)


def _enrolment_and_step(request: HttpRequest, pk: int, step_id: int) -> tuple[Enrolment, PathStep, Person]:
    """404 unless the reader is the learner, the mentor, or may manage the enrolment, and may see the path."""
    person = _person(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("path", "person", "mentor"), pk=pk)
    step = get_object_or_404(PathStep, pk=step_id, path_id=enrolment.path_id)
    concerned = person.pk in (enrolment.person_id, enrolment.mentor_id) or can_review(person, enrolment) \
        or can_withdraw(person, enrolment)
    visible = TrainingPathPage.objects.visible_to(request.user).filter(pk=enrolment.path_id).exists()
    if not concerned or not visible:
        raise Http404
    return enrolment, step, person


def _path_url(enrolment: Enrolment) -> str:
    return enrolment.path.get_url() or "/"


# --- step buttons ---------------------------------------------------------------------------------


@require_POST
def step_done(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    enrolment, step, person = _enrolment_and_step(request, pk, step_id)
    try:
        progress = services.step_mark_done(enrolment=enrolment, step=step, by=person)
    except Refused as refused:
        return _refused(request, refused.message, _path_url(enrolment))
    if progress.status == StepStatus.WAITING:
        messages.success(request, _("« %(step)s » is marked done and waits for your mentor's validation.")
                         % {"step": step.title})
    else:
        messages.success(request, _("« %(step)s » is marked done.") % {"step": step.title})
    enrolment.refresh_from_db()
    if enrolment.completed_at:
        messages.success(request, _("You have completed the path « %(path)s ». Congratulations!")
                         % {"path": enrolment.path.title})
    return _back(request, _path_url(enrolment))


@require_POST
def step_undo(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    enrolment, step, person = _enrolment_and_step(request, pk, step_id)
    try:
        services.step_undo(enrolment=enrolment, step=step, by=person)
    except Refused as refused:
        return _refused(request, refused.message, _path_url(enrolment))
    messages.success(request, _("« %(step)s » is back to do.") % {"step": step.title})
    return _back(request, _path_url(enrolment))


@require_POST
def step_validate(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    return _review(request, pk, step_id, form_class=ReviewForm, service=services.step_validate, action="validate",
                   done=_("« %(step)s » of %(person)s is validated."))


@require_POST
def step_send_back(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    return _review(request, pk, step_id, form_class=SendBackForm, service=services.step_send_back,
                   action="send_back", done=_("« %(step)s » was sent back to %(person)s with your comment."))


def _review(request, pk: int, step_id: int, *, form_class, service, action: str, done: str) -> HttpResponse:
    """A mentor's decision on a waiting step (validate or send back): the form, the service, the message."""
    enrolment, step, person = _enrolment_and_step(request, pk, step_id)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(enrolment=enrolment, step=step, by=person, comment=form.cleaned_data["comment"])
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done % {"step": step.title, "person": enrolment.person.full_name})
            return _back(request, reverse("tutorials:my_mentees"))
    return _review_page(request, enrolment, step, form, action=action)


def _review_page(request, enrolment, step, form, *, action: str) -> HttpResponse:
    return render(request, "tutorials/paths/step_review.html", {
        "enrolment": enrolment, "step": step, "form": form, "action": action,
    }, status=400)


@require_POST
def enrolment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request)
    enrolment = get_object_or_404(Enrolment.objects.select_related("path", "person"), pk=pk)
    if not can_withdraw(person, enrolment):
        raise Http404
    try:
        services.enrolment_withdraw(enrolment=enrolment, by=person)
    except Refused as refused:
        return _refused(request, refused.message, _path_url(enrolment))
    messages.success(request, _("The enrolment of %(person)s in « %(path)s » was withdrawn.")
                     % {"person": enrolment.person.full_name, "path": enrolment.path.title})
    return _back(request, reverse("tutorials:my_paths"))


@require_POST
def self_enrol(request: HttpRequest, path_id: int) -> HttpResponse:
    person = _person(request)
    page = get_object_or_404(TrainingPathPage.objects.live().visible_to(request.user), pk=path_id)
    try:
        services.enrolment_create(path=page, person=person, by=person)
    except Refused as refused:
        return _refused(request, refused.message, page.get_url())
    messages.success(request, _("You are enrolled in « %(path)s ».") % {"path": page.title})
    return redirect(page.get_url())


# --- « Mes parcours », « Mes bénévoles » ---------------------------------------------------------


def paths_section(request: HttpRequest) -> HttpResponse:
    """The navigation's « Parcours »: the section page, wherever the tree holds it."""
    section = PathIndexPage.objects.live().first()
    if section is None:
        raise Http404
    return redirect(section.get_url())


def my_paths(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    return render(request, "tutorials/paths/my_paths.html", {"enrolments": selectors.my_enrolments(person)})


def my_mentees(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if not has_role(request.user, Role.COORDINATION, Role.REFERENTS, Role.STAFF):
        raise PermissionDenied(_("Mentors are members of staff."))
    page_obj = selectors.mentee_page(person, page_number=request.GET.get("page"),
                                     coordination=has_role(request.user, Role.COORDINATION))
    return render(request, "tutorials/paths/my_mentees.html", {
        "page_obj": page_obj, "review_form": ReviewForm(), "send_back_form": SendBackForm(),
    })


# --- Coordination: overview, CSV, enrol form ---------------------------------------------------


def _overview_filters(request: HttpRequest):
    if not can_see_enrolments_overview(request.user):
        raise PermissionDenied(_("The overview of enrolments is for the coordination."))
    form = OverviewFilterForm(request.GET or None, paths=selectors.visible_paths(request.user))
    return form, {"today": timezone.localdate(), **form.filters()}


def enrolments_overview(request: HttpRequest) -> HttpResponse:
    form, filters = _overview_filters(request)
    page_obj = selectors.overview_page(page_number=request.GET.get("page"), **filters)
    rows = [{"enrolment": enrolment, "percent": selectors.percent(enrolment.steps_finished, enrolment.steps_total),
             "late": enrolment.is_open and enrolment.target_date is not None
             and enrolment.target_date < filters["today"]}
            for enrolment in page_obj.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "tutorials/paths/overview.html", {
        "form": form, "page_obj": page_obj, "rows": rows, "query": query.urlencode(),
    })


class _Echo:
    def write(self, value):
        return value


def _status_label(enrolment: Enrolment, today) -> str:
    if enrolment.withdrawn_at:
        return pgettext("enrolment", "Withdrawn")
    if enrolment.completed_at:
        return pgettext("enrolment", "Completed")
    if enrolment.target_date and enrolment.target_date < today:
        return pgettext("enrolment", "Late")
    return pgettext("enrolment", "In progress")


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def enrolments_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Streamed: the whole network's enrolments never sit in memory at once."""
    _form, filters = _overview_filters(request)
    today = filters["today"]
    header = [_("Learner"), _("Library"), _("Path"), _("Mentor"), _("Enrolled on"), _("Target date"),
              _("Steps finished"), _("Steps"), _("Progress (%)"), _("Status"), _("Completed on")]
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow(spreadsheet_row(header))
        for enrolment in selectors.overview_enrolments(**filters).iterator(chunk_size=500):
            yield writer.writerow(spreadsheet_row([
                enrolment.person.full_name, enrolment.person.library.name if enrolment.person.library else "",
                enrolment.path.title, enrolment.mentor.full_name if enrolment.mentor else "",
                _day(enrolment.enrolled_at), _day(enrolment.target_date), enrolment.steps_finished,
                enrolment.steps_total, selectors.percent(enrolment.steps_finished, enrolment.steps_total),
                _status_label(enrolment, today), _day(enrolment.completed_at),
            ]))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-parcours-{today.isoformat()}.csv"'
    return response


def _learners_for(by: Person, user):
    people = Person.objects.active().filter(user__isnull=False, user__is_active=True)
    if has_role(user, Role.COORDINATION):
        return people
    return people.filter(library_id=by.library_id) if by.library_id else people.none()


def enrol(request: HttpRequest) -> HttpResponse:
    by = _person(request)
    if not can_enrol_others(request.user):
        raise PermissionDenied(_("Enrolling someone is for the coordination and the referents."))
    paths = selectors.visible_paths(request.user)
    initial = {}
    if (chosen := request.GET.get("parcours", "")).isdigit():
        initial["path"] = paths.filter(pk=chosen).first()
    form = EnrolForm(request.POST or None, initial=initial, paths=paths, learners=_learners_for(by, request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_create(path=data["path"], person=data["person"], mentor=data["mentor"],
                                                  target_date=data["target_date"], by=by)
        except Refused as refused:
            field = f"{refused.field}_q" if refused.field in ("person", "mentor") else refused.field
            form.add_error(field if field in form.fields else None, refused.message)
        except NotAllowed as refused:
            form.add_error("person_q", str(refused))
        else:
            messages.success(request, _("%(person)s is enrolled in « %(path)s » with %(mentor)s as mentor.") % {
                "person": enrolment.person.full_name, "path": enrolment.path.title,
                "mentor": enrolment.mentor.full_name if enrolment.mentor else "—"})
            return redirect(reverse("tutorials:enrol") + f"?parcours={enrolment.path_id}")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "tutorials/paths/enrol.html", {"form": form}, status=status)


# --- booking a room for a training session --------------------------------------------------------


def _rooms_for(enrolment: Enrolment, user):
    """The rooms of the learner's and the mentor's libraries and of the head office that this user
    may book (calendar_sync's rule: a volunteer is offered only rooms open to volunteers)."""
    libraries = {enrolment.person.library_id, enrolment.mentor.library_id if enrolment.mentor else None}
    head_offices = Library.objects.filter(is_head_office=True).values("pk")
    return (rooms_bookable_by(user).filter(Q(library_id__in=[pk for pk in libraries if pk])
                                           | Q(library_id__in=head_offices))
            .select_related("library").order_by("library__name", "name"))


def step_book(request: HttpRequest, pk: int, step_id: int) -> HttpResponse:
    enrolment, step, person = _enrolment_and_step(request, pk, step_id)
    if not can_book_for(person, enrolment):
        raise PermissionDenied(_("Only the learner or their mentor books a room for this step."))
    if step.kind != StepKind.SESSION:
        raise Http404
    title = f"{step.title} — {enrolment.person.full_name}"
    form = StepBookingForm(request.POST or None, rooms=_rooms_for(enrolment, request.user),
                           initial={"title": title, "attendees": 2})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.step_book_room(
                enrolment=enrolment, step=step, by=person, room=data["room"], start=form.start_at(),
                end=form.end_at(), title=data["title"], attendees=data["attendees"], note=data["note"])
        except booking_services.BookingRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        except booking_services.BookingConflict as conflict:
            form.add_error(None, conflict_message(conflict.blocking, request.user))
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Room booked for « %(step)s »: %(room)s, %(when)s.") % {
                "step": step.title, "room": booking.room.name, "when": when(booking.start, booking.end)})
            return redirect(_path_url(enrolment) if person.pk == enrolment.person_id
                            else reverse("tutorials:my_mentees"))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "tutorials/paths/step_book.html", {
        "enrolment": enrolment, "step": step, "form": form,
        "today": date_format(timezone.localdate(), "l j F Y"),
    }, status=status)


urlpatterns = [
    path("parcours/", paths_section, name="paths"),
    path("mes-parcours/", my_paths, name="my_paths"),
    path("mes-benevoles/", my_mentees, name="my_mentees"),
    path("parcours/inscriptions/", enrolments_overview, name="enrolments"),
    path("parcours/inscriptions/export.csv", enrolments_csv, name="enrolments_csv"),
    path("parcours/inscrire/", enrol, name="enrol"),
    path("parcours/<int:path_id>/s-inscrire/", self_enrol, name="self_enrol"),
    path("inscriptions/<int:pk>/retirer/", enrolment_withdraw, name="enrolment_withdraw"),
    path("inscriptions/<int:pk>/etapes/<int:step_id>/fait/", step_done, name="step_done"),
    path("inscriptions/<int:pk>/etapes/<int:step_id>/annuler/", step_undo, name="step_undo"),
    path("inscriptions/<int:pk>/etapes/<int:step_id>/valider/", step_validate, name="step_validate"),
    path("inscriptions/<int:pk>/etapes/<int:step_id>/renvoyer/", step_send_back, name="step_send_back"),
    path("inscriptions/<int:pk>/etapes/<int:step_id>/reserver/", step_book, name="step_book"),
]
