"""The « Instances » section and each body's page (Wagtail pages: their models call in here for
what the page shows, so the page models stay free of queries)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode

from intranet.forms import SearchForm

from .. import permissions
from ..models import BodyPage, GovernanceIndexPage
from ..selectors import bodies as selectors
from ..selectors.meetings import body_feed_link
from .common import render_page, section_links

MEMBERS_PER_PAGE = 50


def index(request):
    """The navigation's entry: the « Instances » section page."""
    section = GovernanceIndexPage.objects.live().first()
    if section is None:
        raise Http404
    return redirect(section.url)


def body_members(request: HttpRequest, body_pk: int) -> HttpResponse:
    """Every current member of a body, a page at a time, searchable by name or library."""
    body = BodyPage.objects.live().filter(pk=body_pk).first()
    if body is None or not permissions.can_see_body(request.user, body):
        raise Http404
    form = SearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.current_members(body, search=search), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render_page(request, "governance/body_members.html", {
        "body": body, "form": form, "search": search, "page_obj": page,
        "query": urlencode({"q": search}) if search else "",
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("", index, name="index"),
    path("instances/<int:body_pk>/membres/", body_members, name="body_members"),
]


def body_page_context(request, body) -> dict:
    user = request.user
    upcoming, past = selectors.body_meetings(body)
    members, member_count = selectors.first_members(body)
    return {
        "members": members,
        "member_count": member_count,
        "upcoming_meetings": upcoming,
        "past_meetings": past,
        "open_actions": selectors.open_actions(body),
        "decisions": selectors.recent_decisions(body),
        "can_run": permissions.can_run(user, body),
        "can_propose": permissions.can_propose(user, body),
        "my_roles": permissions.roles_in(user, body),
        "today": timezone.localdate(),
        "governance_links": section_links(request),
        "body_feed": body_feed_link(user, body),
    }
