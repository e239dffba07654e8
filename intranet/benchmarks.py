"""What `manage.py bench` measures (DESIGN §7, performance budget): the `Benchmark` entries that
every app declares in its `wagtail_hooks.py` (`intranet.hooks.BENCHMARKS`); the core's pages are
built below and declared in intranet/wagtail_hooks.py.

A benchmark is either a page (its `build()` returns a URL, fetched with GET by a logged-in test
client) or an operation (its `build()` returns a callable, timed the same way). `build()` runs in
the benchmark worker after the database has been seeded at the scale being measured, so it may look
up objects (a slug, a primary key) in the demo network::

    def room_week():
        room = Room.objects.order_by("pk").first()
        return reverse("calendar:room_week", args=[room.pk])

    @hooks.register(BENCHMARKS)
    def benchmarks():
        return [Benchmark("room_week", room_week, order=500)]

An operation's callable takes no argument. It is called warm-up + requests + 1 times, each call in
a transaction rolled back afterwards (unless `rollback=False`), so it may write freely and the
benchmark databases stay as seeded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .models import Library, Person

# The account pages are fetched with: a member of "Personnel", the everyday case.
DEFAULT_USER = "personnel@demo.test"

Target = str | Callable[[], object]


@dataclass(frozen=True)
class Benchmark:
    name: str
    build: Callable[[], Target]  # -> a URL (page) or a zero-argument callable (operation)
    order: int = 100
    user: str | None = DEFAULT_USER  # email of the account logged in for pages; None: anonymous
    expected_status: int = 200  # pages only
    rollback: bool = True  # operations only: run each call in a transaction rolled back

    @property
    def key(self) -> str:
        return self.name


# --- The core pages -------------------------------------------------------------------------------

REFERENCE_LIBRARY = "Médiathèque de Port-Ormeau"


def _reference_library_slug() -> str:
    return Library.objects.get(name=REFERENCE_LIBRARY).slug


def dashboard() -> str:
    return "/"


def directory() -> str:
    return reverse("directory:people")


def directory_by_library() -> str:
    return f"{reverse('directory:people')}?{urlencode({'library': _reference_library_slug()})}"


def search() -> str:
    return f"{reverse('search')}?q=charte"


def library() -> str:
    return reverse("directory:library", args=[_reference_library_slug()])


def person() -> str:
    # The demo staff member: a professional of a library who mentors volunteers.
    staff = Person.objects.get(user__email=DEFAULT_USER)
    return reverse("directory:person", args=[staff.pk])

