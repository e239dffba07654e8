"""The project's URLs for the map family's tests, with a stand-in for the skill page (skills_map:skill,
/competences/fiche/<slug>/, which another family's views module brings) while that page is not on the
branch: the heatmap and the gaps link to it. Once it is there, these are the project's URLs unchanged."""

from django.http import HttpResponse
from django.urls import URLResolver, include, path

from intranet import urls as project_urls
from skills_map import urls as skills_urls

if any(getattr(pattern, "name", None) == "skill" for pattern in skills_urls.urlpatterns):
    urlpatterns = project_urls.urlpatterns
else:
    stand_in = [path("fiche/<slug:slug>/", lambda request, slug: HttpResponse(slug), name="skill")]
    urlpatterns = [
        path(str(pattern.pattern), include((skills_urls.urlpatterns + stand_in, "skills_map")))
        if isinstance(pattern, URLResolver) and pattern.namespace == "skills_map" else pattern
        for pattern in project_urls.urlpatterns
    ]
