"""Versioned cache entries for what is the same for everyone (DESIGN §7: "cache what is free").

A name's version lives in the cache; bumping it makes every key built from the old version
unreachable, so invalidation is one cache write and never a scan."""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
TIMEOUT = 60 * 60


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
