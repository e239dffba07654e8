"""Personal data pages: « Mes données » (what the intranet keeps about me, and the zip of it) and
Coordination's « Départ du réseau » screen with the list of departures."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import departures, selectors
from .errors import NotAllowed
from .forms import DepartureForm
from .models import Departure, Person
from .personal_data import personal_data_archive, personal_data_sources
from .roles import Role, has_role

DEPARTURES_PER_PAGE = 25


def _own_person(request: HttpRequest) -> Person:
    person = selectors.person_for_user(request.user)
    if person is None:
        raise Http404(_("Your account is not linked to an entry of the directory."))
    return person


@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    return render(request, "intranet/my_data.html", {
        "person": person, "sources": personal_data_sources(),
        "retention_days": settings.DEPARTED_RETENTION_DAYS,
    })


@require_safe
@never_cache
def my_data_export(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    response = HttpResponse(personal_data_archive(person), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.zip"'
    return response


def _coordination_only(request: HttpRequest) -> Person | None:
    if not has_role(request.user, Role.COORDINATION):
        raise NotAllowed(_("Only the coordination records that someone has left the network."))
    return selectors.person_for_user(request.user)


@require_http_methods(["GET", "POST"])
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form. POST « preview »: everything done and rolled back, the list of what would
    change. POST « confirm »: done."""
    by = _coordination_only(request)
    person = get_object_or_404(Person.objects.select_related("library", "user"), pk=pk)
    departure = Departure.objects.filter(person=person).select_related("successor", "recorded_by").first()
    form = DepartureForm(request.POST or None, leaving=person)
    report = None
    status = 200
    if request.method == "POST" and departure is None:
        if form.is_valid():
            confirm = request.POST.get("action") == "confirm"
            try:
                report = departures.person_leave(person=person, by=by, successor=form.cleaned_data["successor"],
                                                 dry_run=not confirm)
            except departures.DepartureRefused as refused:
                form.add_error(None, refused.message)
            else:
                if confirm:
                    messages.success(request, _("%(name)s has left the network: %(count)d change(s) made.")
                                     % {"name": person.full_name, "count": len(report.changes)})
                    return redirect("directory:departures")
        if form.errors:
            status = 400
    return render(request, "intranet/directory/person_leave.html", {
        "person": person, "departure": departure, "form": form, "report": report,
        "retention_days": settings.DEPARTED_RETENTION_DAYS,
    }, status=status)


@require_safe
def departure_list(request: HttpRequest) -> HttpResponse:
    _coordination_only(request)
    departures_page = Paginator(
        Departure.objects.select_related("person__library", "recorded_by", "successor").order_by("-left_at", "-pk"),
        DEPARTURES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    retention = timedelta(days=settings.DEPARTED_RETENTION_DAYS)
    for departure in departures_page:
        departure.anonymise_on = departure.left_at + retention
    return render(request, "intranet/directory/departures.html", {
        "departures_page": departures_page, "retention_days": settings.DEPARTED_RETENTION_DAYS,
    })
