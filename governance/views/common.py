"""What every page of governance shares: the section's links, the person of the request, and the
page lookups that answer 404 to who may not see a body."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intranet.selectors import person_for_user

from .. import permissions
from ..errors import NotAllowed
from ..models import Meeting

# (label, url name) of the section's tabs, in order; a page family adds its own entry here.
SECTION_LINKS: list[tuple] = []

# --- decisions/actions
SECTION_LINKS += [(_("Decision register"), "governance:register"), (_("My actions"), "governance:my_actions")]


def section_links(request, *, section=None) -> list[dict]:
    """The section's tabs. « Instances » goes through governance:index (as the main navigation
    does): no query for the section page on every page; `section`: the section page being shown."""
    links = [{"label": _("Bodies"), "url": reverse("governance:index"),
              "current": section is not None and request.path == section.url}]
    links += [{"label": label, "url": (url := reverse(url_name)), "current": request.path == url}
              for label, url_name in SECTION_LINKS]
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
