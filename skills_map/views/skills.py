"""The section's home: every domain and its skills, each linking to its page (« Qui sait faire ? »), with a
search on the skill's name that filters the cached taxonomy (no query)."""

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.urls import path

from ..selectors.people import folded
from ..selectors.taxonomy import taxonomy
from .common import render_page, require_skills_user


def _matching(domains, text: str):
    wanted = folded(text)
    if not wanted:
        return domains
    kept = (replace(domain, skills=tuple(skill for skill in domain.skills if wanted in folded(skill.name)))
            for domain in domains)
    return tuple(domain for domain in kept if domain.skills)


@login_required
def index(request):
    require_skills_user(request)
    text = request.GET.get("q", "")[:120].strip()
    return render_page(request, "skills_map/index.html", {"domains": _matching(taxonomy(), text), "q": text})


urlpatterns = [path("", index, name="index")]
