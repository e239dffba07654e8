"""Pages of the content family: the index with its filters (served by TutorialIndexPage), the reading
context of a tutorial page (TutorialPage.get_context), Coordination's « Contenus à relire » report
and the « mark as reviewed » action."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.caching import cached_many
from intranet.forms import PlainTextField

from ..errors import NotAllowed
from ..models import Audience, Kind, TutorialIndexPage, TutorialPage, audiences_for
from ..permissions import can_mark_reviewed, can_read_review_report, sees_review_notice
from ..selectors import content as selectors
from ..services import content as services


class TutorialFilterForm(forms.Form):
    q = PlainTextField(label=gettext_lazy("Words in the title or summary"), required=False, max_length=100,
                       widget=forms.TextInput(attrs={"type": "search"}))
    topic = forms.ChoiceField(label=gettext_lazy("Topic"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Type of page"), required=False,
                             choices=[("", gettext_lazy("All kinds")), *Kind.choices])
    audience = forms.ChoiceField(label=gettext_lazy("Audience"), required=False)
    tag = PlainTextField(label=gettext_lazy("Tag"), required=False, max_length=100)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False,
                             choices=[("title", gettext_lazy("Title")), ("updated", gettext_lazy("Last update"))])

    def __init__(self, *args, user, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", _("All topics")), *((topic.slug, topic.name) for topic in topics)]
        readable = audiences_for(user)
        self.fields["audience"].choices = [("", _("All audiences")),
                                           *((value, label) for value, label in Audience.choices if value in readable)]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"text": data["q"], "topic": self.topics.get(data["topic"]), "kind": data["kind"],
                "audience": data["audience"], "tag": data["tag"], "sort": data["sort"] or "title"}


def index_context(section: TutorialIndexPage, request: HttpRequest) -> dict:
    topics = selectors.topics()
    form = TutorialFilterForm(request.GET or None, user=request.user, topics=topics)
    filters = form.filters()
    results = selectors.index_page(request.user, page_number=request.GET.get("page"), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return {"form": form, "results": results, "cards": tutorial_cards(results.object_list, request),
            "topic": filters.get("topic"),
            "query": query.urlencode(), "top_tags": selectors.top_tags(request.user),
            "filtered": bool(filters and any(value for key, value in filters.items() if key != "sort"))}


def tutorial_cards(pages, request: HttpRequest) -> dict[int, str]:
    """{page id: its card in the index}: the same for every reader of that version, drawn once per
    version and language and read back in one cache call."""
    by_key = {f"{page.pk}-{page.last_published_at.timestamp() if page.last_published_at else 0}": page
              for page in pages}

    def draw(keys: list[str]) -> dict[str, str]:
        return {key: render_to_string("tutorials/includes/tutorial_card.html",
                                      {"tutorial": by_key[key], "url": by_key[key].get_url(request)})
                for key in keys}

    drawn = cached_many("tutorial_cards", list(by_key), draw, get_language())
    return {page.pk: drawn[key] for key, page in by_key.items()}


def reading_context(page: TutorialPage, request: HttpRequest) -> dict:
    """What the reading page shows around the body: table of contents, numbers of the steps, owner and
    review, the freshness notices, related pages."""
    steps, numbers = [], {}
    for block in page.body:
        if block.block_type == "step":
            numbers[block.id] = len(steps) + 1
            steps.append({"id": block.id, "number": len(steps) + 1, "title": block.value["title"]})
    rendered = rendered_blocks(page, request, numbers)
    today = timezone.localdate()
    user = request.user
    state = page.review_state(today)
    url = page.get_url(request) or ""
    return {
        "section_url": url[: -len(page.slug) - 1] if url.endswith(f"{page.slug}/") else "/",
        "steps": steps, "step_numbers": numbers, "today": today, "rendered_blocks": rendered,
        "owner": page.owner_person,
        "review_state": state,
        "show_review_notice": bool(state) and sees_review_notice(user, page),
        "show_outdated_banner": state == "outdated",
        "can_mark_reviewed": bool(state) and can_mark_reviewed(user, page),
        "related": selectors.related_pages(page, user),
    }


def rendered_blocks(page: TutorialPage, request: HttpRequest, numbers: dict) -> dict[str, str]:
    """{block id: its HTML}: the body is the same for every reader of a published version, so its
    blocks are drawn once per version and language and read back in one cache call (a preview draws
    them afresh). The template still walks the blocks, to hang each library's notes under its step."""
    blocks = {block.id: block for block in page.body}

    def draw(ids: list[str]) -> dict[str, str]:
        return {block_id: str(blocks[block_id].render(context={"number": numbers.get(block_id, ""),
                                                                "request": request, "page": page}))
                for block_id in ids}

    if getattr(request, "is_preview", False) or not page.live:
        return draw(list(blocks))
    version = page.live_revision_id or (page.last_published_at.timestamp() if page.last_published_at else 0)
    return cached_many("tutorial_blocks", list(blocks), draw, page.pk, version, get_language())


def _section_url(request):
    section = TutorialIndexPage.objects.live().first()
    if section is None:
        raise Http404
    return section.get_url(request)


def tutorials_section(request: HttpRequest) -> HttpResponse:
    """The navigation's « Tutoriels »: the section Wagtail serves."""
    return redirect(_section_url(request))


def review_report(request: HttpRequest) -> HttpResponse:
    if not can_read_review_report(request.user):
        raise PermissionDenied(_("The report of the contents to review is for the coordination."))
    sort = request.GET.get("tri", "due")
    if sort not in selectors.REPORT_SORTS:
        sort = "due"
    today = timezone.localdate()
    results = selectors.review_report(today=today, sort=sort, page_number=request.GET.get("page"))
    return render(request, "tutorials/review_report.html", {
        "results": results, "sort": sort, "today": today, "query": f"tri={sort}",
    })


@require_POST
def mark_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    page = (TutorialPage.objects.visible_to(request.user).select_related("owner_person").filter(pk=pk).first())
    if page is None:
        raise Http404
    try:
        services.tutorial_mark_reviewed(page=page, by=request.user)
    except NotAllowed as refused:
        raise PermissionDenied(str(refused)) from refused
    messages.success(request, _("« %(title)s » is marked as reviewed: next review on %(date)s.") % {
        "title": page.title, "date": page.review_due.strftime("%d/%m/%Y")})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = page.get_url(request)
    return redirect(next_url)


urlpatterns = [
    path("tutoriels/", tutorials_section, name="tutorials_section"),
    path("a-relire/", review_report, name="review_report"),
    path("a-relire/<int:pk>/relu/", mark_reviewed, name="mark_reviewed"),
]
