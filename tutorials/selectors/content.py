"""Reads of the content family, each at a constant number of queries whatever the number of pages,
and each through THE audience rule (`TutorialPage.objects.visible_to`)."""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from taggit.models import Tag

from intranet.caching import cached

from ..models import Topic, TutorialPage, TutorialPageTag, audiences_for

INDEX_PER_PAGE = 20
REPORT_PER_PAGE = 25
RELATED_SHOWN = 5
TOP_TAGS = 15
# Newest first, pages never published last on every database (PostgreSQL puts NULLs first otherwise).
NEWEST = F("last_published_at").desc(nulls_last=True)
INDEX_SORTS = {"title": ("title", "pk"), "updated": (NEWEST, "pk")}
REPORT_SORTS = {"due": ("review_due", "title", "pk"), "-due": ("-review_due", "title", "pk"),
                "title": ("title", "pk")}


def visible_tutorials(user):
    return TutorialPage.objects.live().visible_to(user)


def topics() -> list[Topic]:
    """A dozen topics, the same for everyone: kept in the cache (bumped when Coordination edits one)."""
    return cached("tutorial_topics", lambda: list(Topic.objects.all()))


def top_tags(user, limit: int = TOP_TAGS) -> list[dict]:
    """The most used tags of the pages this user may read ({"name", "count"}), cached per audience."""
    audiences = sorted(audiences_for(user))

    def build():
        pages = TutorialPage.objects.live().filter(audience__in=audiences)
        return list(Tag.objects.filter(tutorials_tutorialpagetag_items__content_object__in=pages)
                    .annotate(uses=Count("tutorials_tutorialpagetag_items")).order_by("-uses", "name")
                    .values("name", "uses")[:limit])

    return cached("tutorial_tags", build, "-".join(audiences), limit)


def index_page(user, *, text: str = "", topic: Topic | None = None, kind: str = "", audience: str = "",
               tag: str = "", sort: str = "title", page_number=None):
    """One page of the index: the tutorials this user may read, filtered and sorted."""
    pages = visible_tutorials(user).select_related("topic")
    if text:
        pages = pages.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    if topic is not None:
        pages = pages.filter(topic=topic)
    if kind:
        pages = pages.filter(kind=kind)
    if audience:
        pages = pages.filter(audience=audience)
    if tag:
        pages = pages.filter(pk__in=TutorialPageTag.objects.filter(tag__name__iexact=tag).values("content_object"))
    pages = pages.order_by(*INDEX_SORTS.get(sort, INDEX_SORTS["title"]))
    return Paginator(pages, INDEX_PER_PAGE).get_page(page_number)


def related_pages(page: TutorialPage, user, *, limit: int = RELATED_SHOWN) -> list[TutorialPage]:
    """Pages of the same topic or sharing a tag, that this user may read: one query."""
    shared_tag = TutorialPageTag.objects.filter(
        tag__in=TutorialPageTag.objects.filter(content_object=page).values("tag")).values("content_object")
    return list(visible_tutorials(user).filter(Q(topic_id=page.topic_id) | Q(pk__in=shared_tag))
                .exclude(pk=page.pk).only("title", "url_path", "kind", "summary", "path", "depth")
                .order_by(NEWEST, "pk")[:limit])


def recently_updated(user, *, limit: int = 5) -> list[TutorialPage]:
    return list(visible_tutorials(user).only("title", "url_path", "kind", "last_published_at", "path", "depth")
                .order_by(NEWEST, "pk")[:limit])


def owned_due_pages(user, today: dt.date):
    """The pages this user owns whose review date has come, the oldest first."""
    return (TutorialPage.objects.filter(owner_person__user=user).due_for_review(today)
            .only("title", "url_path", "review_due", "path", "depth").order_by("review_due", "pk"))


def review_report(*, today: dt.date, sort: str = "due", page_number=None):
    """Coordination's « Contenus à relire »: every page past its review date, with its owner."""
    pages = (TutorialPage.objects.due_for_review(today).select_related("owner_person__user", "owner_person__library",
                                                                     "topic")
             .order_by(*REPORT_SORTS.get(sort, REPORT_SORTS["due"])))
    return Paginator(pages, REPORT_PER_PAGE).get_page(page_number)
