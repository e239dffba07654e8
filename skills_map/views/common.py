"""What every page of the skills map shares: the section's tabs, the person of the request, the gate
(elected officials have no skills pages) and the 400 status of a form in error."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed
from ..selectors.people import validates_anyone

# (label, url name, who sees it: a permissions function) of the section's tabs, in order; each page
# family adds its own entries in its block.
SECTION_LINKS: list[tuple] = [(_("Skills"), "skills_map:index", permissions.uses_skills)]

# --- mine family: « Mes compétences » and « Qui pourrait m'apprendre ? » ---
SECTION_LINKS += [
    (_("My skills"), "skills_map:mine", permissions.uses_skills),
    (_("Who could teach me?"), "skills_map:teachers", permissions.uses_skills),
]

# --- people family: « À valider », for referents and the mentors of volunteers -----------------------
SECTION_LINKS += [(_("To validate"), "skills_map:to_validate", validates_anyone)]

# --- the map family: the heatmap and the gaps, for the network's staff ---------------------------
SECTION_LINKS += [
    (pgettext_lazy("skills tab", "Map"), "skills_map:map", permissions.reads_map),
    (pgettext_lazy("skills tab", "Gaps"), "skills_map:gaps", permissions.reads_map),
]


def section_links(request) -> list[dict]:
    links = []
    for label, url_name, shown in SECTION_LINKS:
        if shown(request.user):
            url = reverse(url_name)
            links.append({"label": label, "url": url, "current": request.path == url})
    return links


def render_page(request, template: str, context: dict, *, status: int = 200):
    return render(request, template, {"skills_links": section_links(request), **context}, status=status)


def require_skills_user(request) -> None:
    if not permissions.uses_skills(request.user):
        raise NotAllowed(_("The skills map is for the network's staff and volunteers."))


def person_or_403(request):
    require_skills_user(request)
    person = person_for_user(request.user)
    if person is None:
        raise NotAllowed(_("Your account is not linked to an entry of the directory."))
    return person


def status_of(form) -> int:
    return 400 if form.is_bound and form.errors else 200
