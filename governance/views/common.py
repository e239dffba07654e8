"""What every page of governance shares: the section's links, the person of the request, and the
page lookups that answer 404 to who may not see a body."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed
from ..models import GovernanceIndexPage, Meeting

# (label, url name) of the section's tabs, in order; a page family adds its own entry here.
SECTION_LINKS: list[tuple] = []

# --- decisions/actions
SECTION_LINKS += [(_("Decision register"), "governance:register"), (_("My actions"), "governance:my_actions")]


def section_links(request) -> list[dict]:
    links = []
    index = GovernanceIndexPage.objects.live().first()
    if index is not None:
        links.append({"label": _("Bodies"), "url": index.url})
    for label, url_name in SECTION_LINKS:
        links.append({"label": label, "url": reverse(url_name)})
    for link in links:
        link["current"] = request.path == link["url"]
    return links


def render_page(request, template: str, context: dict, *, status: int = 200):
    context = {"governance_links": section_links(request), **context}
    return render(request, template, context, status=status)


def person_or_403(request):
    person = person_for_user(request.user)
    if person is None:
        raise NotAllowed(_("Your account is not linked to an entry of the directory."))
    return person


def meeting_or_404(request, pk: int, *, related=("body", "room__library")) -> Meeting:
    """A meeting of a body the user may see, or 404 (a guessed number says nothing)."""
    meeting = Meeting.objects.select_related(*related).filter(pk=pk).first()
    if meeting is None or not permissions.can_see_body(request.user, meeting.body):
        raise Http404
    return meeting


def status_of(form) -> int:
    return 400 if form.is_bound and form.errors else 200
