"""Admin screens and extension points of the agenda's feeds family (imported by wagtail_hooks.py):
calendar_sync's own feed scopes, « My calendar links » in the profile, a library's rooms feed on
its directory page, and the feeds' benchmarks."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.hooks import BENCHMARKS, LIBRARY_SECTIONS, PROFILE_SECTIONS
from intranet.sections import LibrarySection, ProfileSection

from .feeds import benchmarks as feed_benchmarks
from .feeds.links import feed_link_for, personal_feed_link, user_feed_token
from .feeds.scopes import FEED_SCOPES, LIBRARY, own_scopes, resolve_library


@hooks.register(FEED_SCOPES)
def calendar_feed_scopes():
    return own_scopes()


def calendar_links_section(request, person) -> dict:
    token = user_feed_token(request.user)
    feed = personal_feed_link(token, _("My agenda: my bookings, my meetings, my training sessions")) if token else None
    return {"feed": feed, "last_used_at": token.last_used_at if token else None}


def library_rooms_section(request, library) -> dict | None:
    if resolve_library(library.slug, request.user) is None:
        return None  # no room this viewer may follow
    feed = feed_link_for(request.user, LIBRARY, library.slug, _("Rooms of %(library)s") % {"library": library.name})
    return {"feed": feed} if feed else None


@hooks.register(PROFILE_SECTIONS)
def feeds_profile_sections():
    return [ProfileSection("calendar-links", gettext_lazy("My calendar links"),
                           "calendar_sync/feeds/profile_section.html", calendar_links_section, order=50)]


@hooks.register(LIBRARY_SECTIONS)
def feeds_library_sections():
    return [LibrarySection("rooms-calendar", gettext_lazy("Calendar of the rooms"),
                           "calendar_sync/feeds/feed_section.html", library_rooms_section, order=50)]


@hooks.register(BENCHMARKS)
def feed_benchmark_entries():
    return [
        Benchmark("room_feed_5000", feed_benchmarks.room_feed_5000, order=600, rollback=False),
        Benchmark("room_feed_5000_cached", feed_benchmarks.room_feed_5000_cached, order=605, rollback=False),
        Benchmark("room_feed_5000_304", feed_benchmarks.room_feed_5000_not_modified, order=610, rollback=False),
    ]
