"""« Qui sait faire ? »: a skill's page (counts by level, the people who may be shown, its tutorials and
paths), the validation of a person's skill by their referent or mentor, and « À valider », what waits for
the reader's validation (rows not validated, skills earned by completing a path)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.models import Person
from intranet.roles import STAFF_ROLES, has_role
from intranet.selectors import person_for_user
from tutorials.models import TrainingPathPage

from .. import permissions
from ..errors import NotAllowed, Refused
from ..forms_people import PeopleFilterForm, ValidateForm, level_choices
from ..models import Evidence, Skill
from ..models.people import validation_years
from ..selectors import people as selectors
from ..services import people as services
from .common import person_or_403, render_page, require_skills_user

MY_LIBRARY_PARAMETER = "ma-mediatheque"


def _rows_with_validation(rows, scope) -> list[dict]:
    return [{"row": row, "validator_kind": scope.kind_for(row.person)} for row in rows]


@login_required
def skill(request, slug):
    require_skills_user(request)
    skill = get_object_or_404(Skill.objects.select_related("domain"), slug=slug)
    names = permissions.sees_names(request.user)
    filters = PeopleFilterForm(request.GET or None)
    library_text = filters.library_text()
    my_library = request.GET.get(MY_LIBRARY_PARAMETER) == "1"
    people = selectors.skill_people(skill, request.user, library_text="" if my_library else library_text,
                                    my_library=my_library)
    people_page = Paginator(people, selectors.PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = {}
    if my_library:
        query[MY_LIBRARY_PARAMETER] = "1"
    elif library_text:
        query["bibliotheque"] = library_text
    reader = person_for_user(request.user)
    return render_page(request, "skills_map/people/skill.html", {
        "skill": skill,
        "sees_names": names,
        "counts": selectors.level_counts(skill, reader_sees_names=names),
        "filters": filters,
        "filtered": bool(query),
        "my_library": my_library,
        "my_library_parameter": MY_LIBRARY_PARAMETER,
        "reader_library": reader.library if reader is not None else None,
        "people_page": people_page,
        "rows": _rows_with_validation(people_page.object_list, selectors.validation_scope(request.user)),
        "query": urlencode(query),
        "level_choices": level_choices(),
        "tutorials": selectors.skill_tutorials(skill, request.user),
        "paths": selectors.skill_paths(skill, request.user),
    })


def _refused(request, message: str, back: str, *, errors=None):
    return render_page(request, "skills_map/people/refused.html",
                       {"message": message, "errors": errors, "back": back}, status=400)


def _back(request, target: str, default: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


@login_required
@require_POST
def validate(request, slug, person_id):
    """One person's skill validated by their referent or mentor (a path's offer carries the path)."""
    reader = person_or_403(request)
    skill = get_object_or_404(Skill, slug=slug)
    person = get_object_or_404(Person.objects.select_related("library"), pk=person_id)
    if not permissions.validator_kind(reader, person):
        if reader.pk == person.pk:
            raise NotAllowed(_("Nobody validates their own skills."))
        raise NotAllowed(_("Only the referent of their library (for staff) or their mentor (for volunteers) "
                           "validates a person's skills."))
    form = ValidateForm(request.POST)
    back = _back(request, request.POST.get("next", ""), skill.get_absolute_url())
    if not form.is_valid():
        return _refused(request, _("The validation was not recorded."), back, errors=form.errors)
    evidence, evidence_path = "", None
    if form.cleaned_data["path"]:
        evidence = Evidence.PATH
        evidence_path = TrainingPathPage.objects.filter(pk=form.cleaned_data["path"]).first()
        if evidence_path is None:
            return _refused(request, _("This training path does not exist."), back)
    try:
        row = services.person_skill_validate(person=person, skill=skill, by=reader, level=form.cleaned_data["level"],
                                             evidence=evidence, evidence_path=evidence_path,
                                             note=form.cleaned_data["note"])
    except Refused as refused:
        return _refused(request, refused.message, back)
    messages.success(request, _("%(person)s: « %(skill)s » validated at level « %(level)s ».")
                     % {"person": person.full_name, "skill": skill.name, "level": row.get_level_display()})
    return redirect(back)


@login_required
def to_validate(request):
    """For referents and mentors: the rows of the people they validate, and the skills of a path completed."""
    person_or_403(request)
    if not has_role(request.user, *STAFF_ROLES):
        raise NotAllowed(_("Referents validate their library's staff and mentors their volunteers."))
    scope = selectors.validation_scope(request.user)
    rows_page = Paginator(selectors.to_validate(scope), selectors.TO_VALIDATE_PER_PAGE).get_page(
        request.GET.get("page"))
    offers = selectors.path_offers(scope) if rows_page.number == 1 else []
    return render_page(request, "skills_map/people/to_validate.html", {
        "scope": scope,
        "rows_page": rows_page,
        "rows": _rows_with_validation(rows_page.object_list, scope),
        "offers": offers,
        "level_choices": level_choices(),
        "here": request.get_full_path(),
        "validation_years": validation_years(),
    })


urlpatterns = [
    path("fiche/<slug:slug>/", skill, name="skill"),
    path("fiche/<slug:slug>/valider/<int:person_id>/", validate, name="validate"),
    path("a-valider/", to_validate, name="to_validate"),
]
