"""« Mes compétences »: the form of every skill (saving only what changed), « Toujours vrai », the
visibility choice next to its notice, the export of the person's data and its history (CSV, JSON),
and « Qui pourrait m'apprendre ? »."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from intranet.exports import csv_response
from intranet.models import PersonKind

from .. import permissions
from ..errors import Refused
from ..forms_mine import MySkillsForm, VisibilityForm
from ..models import LEVEL_DESCRIPTORS, Level, Visibility
from ..selectors import mine as selectors
from ..selectors.taxonomy import taxonomy
from ..services.people import person_skills_confirm, person_skills_declare
from ..services.profiles import skill_profile_set_visibility
from .common import person_or_403, render_page


def _levels() -> list[dict]:
    return [{"value": level.value, "label": str(level.label), "descriptor": str(LEVEL_DESCRIPTORS[level])}
            for level in Level]


def _options(levels: list[dict], empty_label: str) -> dict:
    """{selected value: the <option>s of a level control}, built once per page rather than once per skill."""
    def options(selected):
        items = [format_html('<option value=""{}>{}</option>', mark_safe(" selected") if selected is None else "",
                             empty_label)]
        items += [format_html('<option value="{}"{}>{}. {}</option>', level["value"],
                              mark_safe(" selected") if level["value"] == selected else "", level["value"],
                              level["label"]) for level in levels]
        return mark_safe("".join(items))
    return {value: options(value) for value in [None, *Level.values]}


def _dress(lines, levels) -> None:
    """What each skill's row shows, prepared in Python: fifty skills would otherwise cost the template some
    thousand translations and tag renders (the form must stay fast)."""
    level_options, target_options = _options(levels, _("None")), _options(levels, _("Not said"))
    labels = {"level": _("Level in %(name)s"), "learn": _("I want to learn %(name)s"),
              "target": _("Level I want to reach in %(name)s"),
              "share": _("I am willing to share or train in %(name)s")}
    validated, expired, own = _("Validated"), _("validation expired"), _("Self-declared")
    by_on, expired_on = _("by %(by)s on %(date)s"), _("validated on %(date)s, now self-declared")
    gone, confirmed_on = _("someone who has left"), _("Last confirmed on %(date)s")
    for line in lines:
        name = line.skill.name
        line.key = str(line.skill.pk)  # a string: an int would go through number localisation eight times a row
        line.labels = {key: label % {"name": name} for key, label in labels.items()}
        line.level_options = level_options.get(line.level, level_options[None])
        line.target_options = target_options.get(line.target_level, target_options[None])
        row, status = line.row, line.status
        if status == "validated":
            who = row.validated_by.full_name if row.validated_by else gone
            text = format_html('<span class="badge badge--validated">{}</span> {}', validated,
                               by_on % {"by": who, "date": date_format(row.validated_at, "j F Y")})
            if row.evidence:
                evidence = row.get_evidence_display()
                if row.evidence_path:
                    evidence = f"{evidence}: {row.evidence_path.title}"
                text = format_html("{} ({})", text, evidence)
        elif status == "expired":
            text = format_html('<span class="badge badge--expired">{}</span> {}', expired,
                               expired_on % {"date": date_format(row.validated_at, "j F Y")})
        elif status == "self":
            text = own
        else:
            text = ""
        if row is not None:
            text = format_html("{}<br>{}", text, confirmed_on % {"date": date_format(row.confirmed_at, "j F Y")})
        line.html = _row_html(line, text)


_ROW = ('<tr{tr_class}><th scope="row">{name}{error}</th>'
        '<td><label class="visually-hidden" for="level-{key}">{label_level}</label><select name="level-{key}" '
        'id="level-{key}" aria-describedby="level-descriptors{described}"{invalid}>{level_options}</select></td>'
        '<td><input type="checkbox" name="learn-{key}" id="learn-{key}" value="1"{learn}><label for="learn-{key}">'
        '<span class="visually-hidden">{label_learn}</span></label></td>'
        '<td><label class="visually-hidden" for="target-{key}">{label_target}</label><select name="target-{key}" '
        'id="target-{key}" aria-describedby="level-descriptors">{target_options}</select></td>'
        '<td><input type="checkbox" name="share-{key}" id="share-{key}" value="1"{share}><label for="share-{key}">'
        '<span class="visually-hidden">{label_share}</span></label></td>'
        '<td class="meta">{status}</td></tr>')


def _row_html(line, status) -> str:
    """One skill's row of the form, every control with its (visually hidden) label, in one format_html:
    fifty rows through template tags would cost more than the rest of the page."""
    checked, error = mark_safe(" checked"), ""
    if line.error:
        error = format_html('<p class="field__errors" id="error-{}"><strong>{}</strong> {}</p>', line.key,
                            _("Error:"), line.error)
    return format_html(
        _ROW, tr_class=mark_safe(' class="field--error"') if line.error else "", name=line.skill.name, error=error,
        key=line.key, label_level=line.labels["level"], label_learn=line.labels["learn"],
        label_target=line.labels["target"], label_share=line.labels["share"],
        described=f" error-{line.key}" if line.error else "", invalid=mark_safe(' aria-invalid="true"') if line.error
        else "", level_options=line.level_options, target_options=line.target_options,
        learn=checked if line.wants_to_learn else "", share=checked if line.willing_to_share else "", status=status)


def _my_page(request, person, form: MySkillsForm, *, visibility_form=None, status: int = 200):
    lines = form.lines()
    levels = _levels()
    _dress(lines.values(), levels)
    domains = [{"domain": domain, "lines": [lines[skill.pk] for skill in domain.skills]}
               for domain in taxonomy() if domain.skills]
    profile = selectors.my_profile(person)
    visibility = selectors.visibility_of(person, profile)
    if visibility_form is None:
        visibility_form = VisibilityForm(initial={"visibility": visibility})
    return render_page(request, "skills_map/mine/my_skills.html", {
        "person": person, "domains": domains, "levels": levels, "form": form,
        "errors": [lines[pk] for pk in form.errors if pk in lines], "has_skills": bool(form.current),
        "profile": profile, "visibility": visibility, "named": visibility == Visibility.NAMED,
        "is_volunteer": person.kind == PersonKind.VOLUNTEER, "visibility_form": visibility_form,
    }, status=status)


@login_required
def my_skills(request):
    person = person_or_403(request)
    skills = [skill for domain in taxonomy() for skill in domain.skills]
    current = selectors.my_current_rows(person)
    if request.method != "POST":
        return _my_page(request, person, MySkillsForm(skills, current))
    form = MySkillsForm(skills, current, request.POST)
    if form.is_valid():
        try:
            changed = person_skills_declare(person=person, declarations=form.declarations, by=person)
        except Refused as refused:
            # A rule the form could not see (two saves at once): nothing was written.
            messages.error(request, refused.message)
            return _my_page(request, person, form, status=400)
        if changed:
            messages.success(request, ngettext("%(count)d skill updated.", "%(count)d skills updated.", changed)
                             % {"count": changed})
        else:
            messages.info(request, _("Nothing has changed."))
        return redirect("skills_map:mine")
    return _my_page(request, person, form, status=400)


@login_required
@require_POST
def confirm(request):
    person = person_or_403(request)
    count = person_skills_confirm(person=person, by=person)
    if count:
        messages.success(request, ngettext("%(count)d skill confirmed as still true.",
                                           "%(count)d skills confirmed as still true.", count) % {"count": count})
    else:
        messages.info(request, _("You have not declared any skill yet: fill the form below."))
    return redirect("skills_map:mine")


@login_required
@require_POST
def visibility(request):
    person = person_or_403(request)
    form = VisibilityForm(request.POST)
    if form.is_valid():
        try:
            skill_profile_set_visibility(person=person, visibility=form.cleaned_data["visibility"], by=person)
        except Refused as refused:
            form.add_error("visibility", refused.message)
    if form.errors:
        skills = [skill for domain in taxonomy() for skill in domain.skills]
        return _my_page(request, person, MySkillsForm(skills, selectors.my_current_rows(person)),
                        visibility_form=form, status=400)
    if form.cleaned_data["visibility"] == Visibility.NAMED:
        messages.success(request, _("Your skills are now shown by name to the network's staff."))
    else:
        messages.success(request, _("Your skills are now counted in aggregates only, never shown by name."))
    return redirect("skills_map:mine")


# --- Export of my data --------------------------------------------------------------------------


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _export_rows(person) -> list[dict]:
    rows = []
    for row in selectors.my_history(person):
        rows.append({
            "skill": row.skill.name, "domain": row.skill.domain.name,
            "level": row.level, "level_label": str(row.get_level_display() or ""),
            "wants_to_learn": row.wants_to_learn, "target_level": row.target_level,
            "willing_to_share": row.willing_to_share,
            "validated_by": row.validated_by.full_name if row.validated_by else "",
            "validated_at": row.validated_at, "validation_expired": bool(row.validated_at and not row.is_validated),
            "evidence": str(row.get_evidence_display() or ""),
            "evidence_path": row.evidence_path.title if row.evidence_path else "",
            "evidence_note": row.evidence_note,
            "confirmed_at": row.confirmed_at, "valid_from": row.valid_from, "valid_until": row.valid_until,
        })
    return rows


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


@login_required
def export_csv(request):
    person = person_or_403(request)
    visibility_label = str(Visibility(selectors.visibility_of(person, selectors.my_profile(person))).label)
    header = [_("Skill"), _("Domain"), _("Level"), _("Wants to learn"), _("Target level"),
              _("Willing to share or train"), _("Validated by"), _("Validated at"), _("Evidence"),
              _("Path completed"), _("Evidence note"), _("Last confirmed"), _("From"), _("Until"), _("Visibility")]
    target_labels = dict(Level.choices)
    expired = _("validation expired")
    rows = [[
        row["skill"], row["domain"], row["level_label"], _yes(row["wants_to_learn"]),
        str(target_labels.get(row["target_level"], "")), _yes(row["willing_to_share"]), row["validated_by"],
        _when(row["validated_at"]) + (f" ({expired})" if row["validation_expired"] else ""),
        row["evidence"], row["evidence_path"], row["evidence_note"], _when(row["confirmed_at"]),
        _when(row["valid_from"]), _when(row["valid_until"]) or _("current"), visibility_label,
    ] for row in _export_rows(person)]
    return csv_response(filename=f"mes-competences-{timezone.localdate().isoformat()}.csv", header=header, rows=rows)


@login_required
def export_json(request):
    person = person_or_403(request)
    profile = selectors.my_profile(person)

    def iso(value):
        return timezone.localtime(value).isoformat() if value else None

    skills = []
    for row in _export_rows(person):
        skills.append({**row, "validated_at": iso(row["validated_at"]), "confirmed_at": iso(row["confirmed_at"]),
                       "valid_from": iso(row["valid_from"]), "valid_until": iso(row["valid_until"]),
                       "current": row["valid_until"] is None})
    data = {
        "person": person.full_name,
        "exported_at": iso(timezone.now()),
        "visibility": selectors.visibility_of(person, profile),
        "visibility_label": str(Visibility(selectors.visibility_of(person, profile)).label),
        "visibility_chosen": profile is not None,
        "skills_confirmed_at": iso(profile.confirmed_at) if profile else None,
        "skills": skills,
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="mes-competences-{timezone.localdate().isoformat()}.json"'
    return response


# --- Who could teach me -----------------------------------------------------------------------------


@login_required
def teachers(request):
    person = person_or_403(request)
    sees = permissions.sees_names(request.user)
    return render_page(request, "skills_map/mine/teachers.html", {
        "person": person, "entries": selectors.teachers_for(person, reader_sees_names=sees), "sees_names": sees,
        "per_skill": selectors.TEACHERS_PER_SKILL,
    })


urlpatterns = [
    path("mes-competences/", my_skills, name="mine"),
    path("mes-competences/toujours-vrai/", confirm, name="mine_confirm"),
    path("mes-competences/visibilite/", visibility, name="mine_visibility"),
    path("mes-competences/export.csv", export_csv, name="mine_export_csv"),
    path("mes-competences/export.json", export_json, name="mine_export_json"),
    path("qui-pourrait-m-apprendre/", teachers, name="teachers"),
]
