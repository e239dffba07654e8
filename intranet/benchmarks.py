"""The registry of what `manage.py bench` measures (DESIGN §7, performance budget).

A benchmark is either a page (its `build()` returns a URL, fetched with GET by a logged-in test
client) or an operation (its `build()` returns a callable, timed the same way). `build()` runs in
the benchmark worker after the database has been seeded at the scale being measured, so it may look
up objects (a slug, a primary key) in the demo network.

`intranet` registers its pages below. A feature app adds its own in a `benchmarks.py` module at
the root of the app (`tutorials/benchmarks.py` ...): the command imports that module of every
installed app (`autodiscover()`), exactly like the admin's `admin.py` modules::

    from intranet.benchmarks import register_benchmark

    def _room_week():
        room = Room.objects.order_by("pk").first()
        return reverse("calendar:room_week", args=[room.pk])

    register_benchmark("room_week", _room_week, order=500)

An operation's callable takes no argument. It is called warm-up + requests + 1 times, each call in
a transaction rolled back afterwards (unless `rollback=False`), so it may write freely and the
benchmark databases stay as seeded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

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


_benchmarks: dict[str, Benchmark] = {}


def register_benchmark(name: str, build: Callable[[], Target], *, order: int = 100,
                       user: str | None = DEFAULT_USER, expected_status: int = 200,
                       rollback: bool = True) -> Benchmark:
    benchmark = Benchmark(name=name, build=build, order=order, user=user,
                          expected_status=expected_status, rollback=rollback)
    _benchmarks[name] = benchmark
    return benchmark


def registered_benchmarks() -> list[Benchmark]:
    return sorted(_benchmarks.values(), key=lambda benchmark: (benchmark.order, benchmark.name))


def autodiscover() -> None:
    """Import the `benchmarks` module of every installed app (each registers its own)."""
    autodiscover_modules("benchmarks")


# --- The core pages -------------------------------------------------------------------------------

REFERENCE_LIBRARY = "Médiathèque de Port-Ormeau"


def _reference_library_slug() -> str:
    return Library.objects.get(name=REFERENCE_LIBRARY).slug


def _dashboard() -> str:
    return "/"


def _directory() -> str:
    return reverse("directory:people")


def _directory_by_library() -> str:
    return f"{reverse('directory:people')}?{urlencode({'library': _reference_library_slug()})}"


def _search() -> str:
    return f"{reverse('search')}?q=charte"


def _library() -> str:
    return reverse("directory:library", args=[_reference_library_slug()])


def _person() -> str:
    # The demo staff member: a professional of a library who mentors volunteers.
    person = Person.objects.get(user__email=DEFAULT_USER)
    return reverse("directory:person", args=[person.pk])


register_benchmark("dashboard", _dashboard, order=10)
register_benchmark("directory", _directory, order=20)
register_benchmark("directory_by_library", _directory_by_library, order=21)
register_benchmark("search", _search, order=30)
register_benchmark("library", _library, order=40)
register_benchmark("person", _person, order=50)
