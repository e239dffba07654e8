"""The section's home: every domain and its skills, each linking to its page (« Qui sait faire ? »)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from ..selectors.taxonomy import taxonomy
from .common import render_page, require_skills_user


@login_required
def index(request):
    require_skills_user(request)
    return render_page(request, "skills_map/index.html", {"domains": taxonomy()})


urlpatterns = [path("", index, name="index")]
