"""What is computed once and kept: versioned cache entries for what is the same for everyone
(DESIGN §7: "cache what is free"), and `per_request()` for what is the same all along a request.

A name's version lives in the cache; bumping it makes every key built from the old version
unreachable, so invalidation is one cache write and never a scan."""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
TIMEOUT = 60 * 60
# Each gunicorn worker (local memory), nobody (dummy) or each machine (files) would keep its own.
PROCESS_LOCAL_CACHES = (LocMemCache, DummyCache, FileBasedCache)


def require_shared_cache() -> None:
    """Refuse to start on a cache that is not shared by every worker (INTRANET_REQUIRE_SHARED_CACHE,
    production): with `gunicorn -w 4` and a local-memory cache, a password could be tried 20 times
    instead of 5 before the lockout, and every restart would reset the counters."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if issubclass(import_string(backend), PROCESS_LOCAL_CACHES):
        raise ImproperlyConfigured(
            f"The default cache ({backend}) is kept by each process; production needs a cache shared by "
            "every worker for its login limits: set REDIS_URL, or use "
            "django.core.cache.backends.db.DatabaseCache (the production default)."
        )


_NOTHING = object()


def per_request(user, name: str, build: Callable[[], T], *, anonymous: T = _NOTHING) -> T:
    """`build()` computed once per request for this user and kept on the user object
    (`request.user` lives as long as its request): a page that asks for someone's roles, directory
    entry or hidden pages a hundred times runs each query once. Nothing is kept on someone who is
    not logged in (None, AnonymousUser): they get `anonymous` when it is given, else `build()` runs
    on every call."""
    if not getattr(user, "is_authenticated", False):
        return build() if anonymous is _NOTHING else anonymous
    attribute = f"_intranet_per_request_{name}"
    value = getattr(user, attribute, _NOTHING)
    if value is _NOTHING:
        value = build()
        setattr(user, attribute, value)
    return value


def _version_key(name: str) -> str:
    return f"intranet:version:{name}"


def versioned_key(name: str, *parts: object) -> str:
    version = cache.get_or_set(_version_key(name), 1, timeout=None)
    return ":".join(["intranet", name, str(version), *map(str, parts)])


def bump(name: str) -> None:
    try:
        cache.incr(_version_key(name))
    except ValueError:  # no version yet: nothing cached under this name
        cache.set(_version_key(name), 1, timeout=None)


def cached(name: str, build: Callable[[], T], *parts: object) -> T:
    key = versioned_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def cached_many(name: str, keys: Iterable[K], build_missing: Callable[[list[K]], dict[K, T]],
                *parts: object) -> dict[K, T]:
    """One value per key under a versioned name, read in ONE cache call whatever the number of keys;
    the missing ones are built together (`build_missing(keys) -> {key: value}`) and stored. For
    lists whose rows are the same for everyone (a page of room cards)."""
    prefix = versioned_key(name, *parts)
    wanted = {f"{prefix}:{key}": key for key in keys}
    values = {wanted[cache_key]: value for cache_key, value in cache.get_many(list(wanted)).items()}
    if missing := [key for key in wanted.values() if key not in values]:
        built = build_missing(missing)
        cache.set_many({f"{prefix}:{key}": value for key, value in built.items()}, TIMEOUT)
        values.update(built)
    return values
