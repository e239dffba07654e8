"""The map family's pages: « Cartographie » (the heatmap of libraries x the skills of one domain) and
« Lacunes » (the bus factor, the minimum base, the training needs) with its CSV for the training plan.
For the network's staff (permissions.reads_map; the CSV: permissions.exports_gaps). Aggregated views:
they count everyone and name nobody."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intranet.exports import csv_response
from intranet.forms import PlainTextField
from intranet.models import Library
from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed
from ..selectors import map as selectors
from ..selectors.taxonomy import domain_by_slug, taxonomy
from .common import render_page

LIBRARY_TEXT_MAX = 100


class LibrarySearchForm(forms.Form):
    bibliotheque = PlainTextField(label=gettext_lazy("Library"), required=False, max_length=LIBRARY_TEXT_MAX,
                                  help_text=gettext_lazy("Part of the library's name."))

    def text(self) -> str:
        return self.cleaned_data.get("bibliotheque", "") if self.is_valid() else ""


def _require_map_reader(request) -> None:
    if not permissions.reads_map(request.user):
        raise NotAllowed(_("The skills map and its gaps are for the network's staff."))


def _query_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@login_required
def skills_heatmap(request):
    _require_map_reader(request)
    form = LibrarySearchForm(request.GET or None)
    domains = taxonomy()
    slug = request.GET.get("domaine", "")
    domain = domain_by_slug(slug) if slug else (domains[0] if domains else None)
    if slug and domain is None:
        raise Http404
    status = 400 if form.is_bound and form.errors else 200
    heat = None
    if domain is not None:
        heat = selectors.heatmap(domain=domain, library_text=form.text(), page_number=request.GET.get("page"),
                                 reader_sees_names=permissions.sees_names(request.user))
    return render_page(request, "skills_map/map.html", {
        "form": form, "domains": domains, "domain": domain, "heat": heat,
        "page_obj": heat.page if heat else None, "query": _query_without(request, "page"),
        "library_query": _query_without(request, "page", "domaine"),
        "legend": selectors.heat_legend(), "small_cell": permissions.SMALL_CELL,
        "mastery_level": selectors.MASTERY_LEVEL,
    }, status=status)


def _gaps_library(request, form) -> tuple[Library | None, list[Library], bool]:
    """The library of the per-library bus factor: the one chosen (?mediatheque=slug), else the only match
    of the search, else the reader's own; with the matches to choose from, and whether none matched."""
    slug = request.GET.get("mediatheque", "")
    if slug:
        return get_object_or_404(Library.objects.only("pk", "name", "slug"), slug=slug), [], False
    text = form.text()
    choices = selectors.library_choices(text)
    if len(choices) == 1:
        return choices[0], [], False
    person = person_for_user(request.user)
    return (person.library if person else None), choices, bool(text) and not choices


@login_required
def skills_gaps(request):
    _require_map_reader(request)
    form = LibrarySearchForm(request.GET or None)
    sees_names = permissions.sees_names(request.user)
    library, choices, not_found = _gaps_library(request, form)
    counts = selectors.network_counts()
    page_obj, missing = selectors.minimum_base_gaps(page_number=request.GET.get("page"))
    return render_page(request, "skills_map/gaps.html", {
        "form": form, "library": library, "library_choices": choices,
        "searched": form.text(), "not_found": not_found,
        "more_choices": len(choices) >= selectors.LIBRARY_CHOICES_SHOWN,
        "network_fragile": selectors.bus_factor_network(counts, reader_sees_names=sees_names),
        "library_fragile": selectors.bus_factor_library(library) if library else [],
        "minimum_base": selectors.minimum_base_skills(), "missing": missing, "page_obj": page_obj,
        "query": _query_without(request, "page"),
        "needs": selectors.training_needs(counts, reader_sees_names=sees_names),
        "can_export": permissions.exports_gaps(request.user), "bus_factor": selectors.BUS_FACTOR,
        "mastery_level": selectors.MASTERY_LEVEL,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def skills_gaps_csv(request):
    if not permissions.exports_gaps(request.user):
        raise NotAllowed(_("The export of the gaps is for the coordination and the referents."))
    sees_names = permissions.sees_names(request.user)
    counts = selectors.network_counts()
    fewer = _("fewer than %(count)s") % {"count": selectors.BUS_FACTOR}
    rows = []
    for entry in selectors.bus_factor_network(counts, reader_sees_names=sees_names):
        rows.append([_("Bus factor (network)"), "", entry.domain.name, entry.skill.name, entry.shown, "", ""])
    domains = {domain.pk: domain.name for domain in taxonomy()}
    for library, skills in selectors.all_libraries_bus_factor():
        rows.extend([_("Bus factor (library)"), library.name, domains[skill.domain_id], skill.name, fewer, "", ""]
                    for skill in skills)
    for gap in selectors.all_minimum_base_gaps():
        rows.extend([_("Minimum base not covered"), gap.library.name, domains[skill.domain_id], skill.name, "0", "",
                     ""] for skill in gap.skills)
    for need in selectors.training_needs(counts, reader_sees_names=sees_names):
        rows.append([_("Training need"), "", need.domain.name, need.skill.name, "", need.learners, need.teachers])
    header = [_("Section"), _("Library"), _("Domain"), _("Skill"),
              _("People at level %(level)s or more") % {"level": int(selectors.MASTERY_LEVEL)},
              _("Want to learn"), _("Can teach")]
    return csv_response(filename=f"lacunes-competences-{timezone.localdate().isoformat()}.csv", header=header,
                        rows=rows)


urlpatterns = [
    path("carte/", skills_heatmap, name="map"),
    path("lacunes/", skills_gaps, name="gaps"),
    path("lacunes/export.csv", skills_gaps_csv, name="gaps_csv"),
]
