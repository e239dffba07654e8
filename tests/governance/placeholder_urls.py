"""The project's URLs, plus a placeholder for each governance page that pages link to but that this
branch does not define yet (the meeting, decision and register pages are written apart): a test
that renders a body page full of meetings uses it with `@pytest.mark.urls(...)`. A placeholder
gives way by itself as soon as the real page has its URL name."""

from django.http import HttpResponse
from django.urls import include, path

from governance import urls as governance_urls
from intranet import urls as project_urls

LINKED_PAGES = [("meeting", "reunions/<int:pk>/"), ("decision", "decisions/<int:pk>/"), ("register", "decisions/")]


def placeholder(request, **kwargs):
    return HttpResponse("placeholder")


defined = {getattr(pattern, "name", None) for pattern in governance_urls.urlpatterns}
placeholders = [path(route, placeholder, name=name) for name, route in LINKED_PAGES if name not in defined]
governance = path("gouvernance/", include(([*governance_urls.urlpatterns, *placeholders], "governance")))

urlpatterns = [governance if getattr(pattern, "namespace", None) == "governance" else pattern
               for pattern in project_urls.urlpatterns]
