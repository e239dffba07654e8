"""The « Instances » section and each body's page (Wagtail pages: their models call in here for
what the page shows, so the page models stay free of queries)."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone

from .. import permissions
from ..models import GovernanceIndexPage
from ..selectors import bodies as selectors
from .common import section_links


def index(request):
    """The navigation's entry: the « Instances » section page."""
    section = GovernanceIndexPage.objects.live().first()
    if section is None:
        raise Http404
    return redirect(section.url)


urlpatterns = [path("", index, name="index")]


def body_page_context(request, body) -> dict:
    user = request.user
    upcoming, past = selectors.body_meetings(body)
    return {
        "members": selectors.current_members(body),
        "upcoming_meetings": upcoming,
        "past_meetings": past,
        "open_actions": selectors.open_actions(body),
        "decisions": selectors.recent_decisions(body),
        "can_run": permissions.can_run(user, body),
        "can_propose": permissions.can_propose(user, body),
        "my_roles": permissions.roles_in(user, body),
        "today": timezone.localdate(),
        "governance_links": section_links(request),
    }
