"""The URLs of a feed for its subscribe block: the https address to copy and the webcal:// link
that calendar apps open directly. Absolute, from WAGTAILADMIN_BASE_URL (the site's public address),
so the same link is shown on every page and in emails."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from .tokens import feed_token_for


@dataclass(frozen=True)
class FeedLink:
    key: str  # unique on the page: the ids of the block's field and headings
    label: str
    https: str

    @property
    def webcal(self) -> str:
        return "webcal://" + self.https.split("://", 1)[1]


def user_feed_token(user):
    """feed_token_for the logged-in user's directory entry, looked up once per request."""
    from intranet.caching import per_request
    from intranet.selectors import person_for_user

    return per_request(user, "feed_token", lambda: feed_token_for(person_for_user(user)), anonymous=None)


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def personal_feed_link(token, label: str) -> FeedLink:
    return FeedLink("personal", label, _absolute(reverse("agenda:feed_personal", kwargs={"key": token.key})))


def scope_feed_link(token, scope: str, slug: str, label: str) -> FeedLink:
    path = reverse("agenda:feed", kwargs={"key": token.key, "scope": scope, "slug": slug})
    return FeedLink(f"{scope}-{slug}", label, _absolute(path))


def feed_link_for(user, scope: str, slug: str, label: str) -> FeedLink | None:
    """The link of one feed for the logged-in user (their token, created on first use), or None
    when they have no directory entry or revoked their token."""
    token = user_feed_token(user)
    return scope_feed_link(token, scope, slug, label) if token is not None else None
