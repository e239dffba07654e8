"""The iCalendar feeds (/agenda/flux/<key>/...), opened without login by a person's secret token
and filtered by what that person may see; the subscribe page; the token's regeneration and
revocation (from the profile)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from intranet.selectors import person_for_user

from ..events import event_sources
from ..feeds import bookings, tokens
from ..feeds.documents import feed_response, make_etag
from ..feeds.links import personal_feed_link, scope_feed_link, user_feed_token
from ..feeds.scopes import LIBRARY, feed_scopes, resolve_library
from ..permissions import calendars_readable_by
from ..sources import ROOM_BOOKINGS
from .agenda_common import render_agenda_page

# The subscribe page lists this many network calendars at most (there are a handful).
SUBSCRIBE_CALENDARS_SHOWN = 30


def _token_or_404(key: str):
    token = tokens.token_by_key(key)
    if token is None:
        raise Http404  # no hint whether the key ever existed
    return token


@login_not_required
@require_safe
def scope_feed(request: HttpRequest, key: str, scope: str, slug: str) -> HttpResponse:
    token = _token_or_404(key)
    found = feed_scopes().get(scope)
    user = token.person.user
    obj = found.resolve(slug, user) if found is not None else None
    if obj is None:
        raise Http404
    window = bookings.feed_window(timezone.now())
    fingerprint = found.fingerprint(user, obj, window)
    response = feed_response(
        request, token=token, what=(scope, slug), fingerprint=fingerprint, changed=_latest(fingerprint),
        window=window, name=found.name(obj), events=lambda: found.events(user, obj, window),
        filename=f"{scope}-{slug}.ics")
    tokens.mark_used(token, now=window.now)
    return response


def _latest(fingerprint) -> dt.datetime | None:
    moments = [part for part in fingerprint if isinstance(part, dt.datetime)]
    return max(moments) if moments else None


def _kept(event, window) -> bool:
    """Cancelled events stay in a feed for the kept days after their last change, then go."""
    if not event.cancelled:
        return True
    return event.last_modified is not None and event.last_modified >= window.kept_cancelled_since


@login_not_required
@require_safe
def personal_feed(request: HttpRequest, key: str) -> HttpResponse:
    """My bookings (series as one rule), my meetings, my training sessions: every source's
    personal events. The sources above calendar_sync have no cheap fingerprint, so their events
    are read for the ETag; the document is only written when it changed."""
    token = _token_or_404(key)
    person, user = token.person, token.person.user
    window = bookings.feed_window(timezone.now())
    others = [event for source in event_sources() if source.key != ROOM_BOOKINGS
              for event in source.personal(person, window.start, window.end) if _kept(event, window)]
    mine = Q(organizer_id=person.pk)
    count, changed = bookings.fingerprint(mine, window)
    state = [(event.uid, event.recurrence_id, event.sequence, event.status, event.start, event.end, event.title,
              event.last_modified) for event in others]
    changes = [moment for moment in [changed, *(event.last_modified for event in others)] if moment is not None]
    response = feed_response(
        request, token=token, what=("personal",), fingerprint=(count, changed, make_etag(state)),
        changed=max(changes) if changes else None, window=window,
        name=_("My agenda — %(name)s") % {"name": person.full_name},
        events=lambda: [*bookings.booking_feed_events(mine, window, user), *others], filename="personnel.ics")
    tokens.mark_used(token, now=window.now)
    return response


def subscribe(request: HttpRequest) -> HttpResponse:
    """My personal feed, the network calendars I may read, my library's rooms."""
    token = user_feed_token(request.user)
    links, calendars_truncated = [], False
    if token is not None:
        links.append(personal_feed_link(token, _("My agenda: my bookings, my meetings, my training sessions")))
        calendars = list(calendars_readable_by(request.user).order_by("name")[:SUBSCRIBE_CALENDARS_SHOWN + 1])
        calendars_truncated = len(calendars) > SUBSCRIBE_CALENDARS_SHOWN
        links += [scope_feed_link(token, "agenda", calendar.slug, calendar.name)
                  for calendar in calendars[:SUBSCRIBE_CALENDARS_SHOWN]]
        person = person_for_user(request.user)
        if person.library_id and resolve_library(person.library.slug, request.user) is not None:
            links.append(scope_feed_link(token, LIBRARY, person.library.slug,
                                         _("Rooms of %(library)s") % {"library": person.library.name}))
    return render_agenda_page(request, "calendar_sync/feeds/subscribe.html", {
        "feed_links": links, "calendars_truncated": calendars_truncated, "has_person": person_for_user(request.user)
        is not None, "token_revoked": token is None,
    }, section="subscribe")


@require_POST
def token_regenerate(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    tokens.feed_token_regenerate(person=person)
    messages.success(request, _("Your calendar links have been renewed: the old ones no longer work. "
                                "Subscribe again with the new link in your calendar apps."))
    return redirect("profile")


@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    person = person_for_user(request.user)
    if person is None:
        raise Http404
    tokens.feed_token_revoke(person=person)
    messages.success(request, _("Your calendar links have been revoked: calendar apps can no longer read them."))
    return redirect("profile")


urlpatterns = [
    path("abonnements/", subscribe, name="subscribe"),
    path("abonnements/lien/regenerer/", token_regenerate, name="feed_token_regenerate"),
    path("abonnements/lien/revoquer/", token_revoke, name="feed_token_revoke"),
    path("flux/<str:key>/personnel.ics", personal_feed, name="feed_personal"),
    path("flux/<str:key>/<slug:scope>/<slug:slug>.ics", scope_feed, name="feed"),
]
