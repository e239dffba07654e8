"""Feed tokens: one live secret per person, created on first use, regenerated or revoked from the
profile. A wrong, revoked or inactive account's token opens nothing (the views answer 404)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import FeedToken

# A calendar app polls every hour or so: recording each poll would be a write per request.
LAST_USED_PRECISION = dt.timedelta(hours=1)


def feed_token_for(person) -> FeedToken | None:
    """The person's live token, created on first use. None once the person has revoked theirs:
    no page brings a revoked link back, the profile offers to create a new one. None for someone
    who has left the network (Person.active false): nothing gives them a new link."""
    if person is None or not person.active:
        return None
    tokens = list(FeedToken.objects.filter(person=person).order_by(F("revoked_at").asc(nulls_first=True))[:1])
    if tokens:
        return tokens[0] if tokens[0].revoked_at is None else None  # the live one (NULL) comes first
    try:
        with transaction.atomic():
            return FeedToken.objects.create(person=person)
    except IntegrityError:  # another request created it first: the constraint allows one live token
        return FeedToken.objects.filter(person=person, revoked_at__isnull=True).first()


@transaction.atomic
def feed_token_revoke(*, person) -> int:
    """Every live token of the person stops working; returns how many were revoked."""
    return FeedToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def feed_token_regenerate(*, person) -> FeedToken:
    """A new token; the old one's URLs answer 404 from now on."""
    feed_token_revoke(person=person)
    return FeedToken.objects.create(person=person)


def token_by_key(key: str) -> FeedToken | None:
    """The live token of this key whose account is active, with its person and user (one query)."""
    if not key or len(key) > 64:
        return None
    return FeedToken.objects.live().select_related("person__user", "person__library").filter(key=key).first()


def mark_used(token: FeedToken, *, now: dt.datetime | None = None) -> None:
    """Record the use at most once an hour (no write per poll)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
