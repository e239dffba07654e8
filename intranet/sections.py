"""What « My profile » and a library's directory page show of the feature apps (my calendar links,
later « Mes données »...): each app declares a `ProfileSection` or a `LibrarySection` in its
wagtail_hooks.py under intranet.hooks.PROFILE_SECTIONS / LIBRARY_SECTIONS, as PERSON_SECTIONS
does for a person's page (intranet.people); `intranet` never imports them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .hooks import LIBRARY_SECTIONS, PROFILE_SECTIONS, registered


@dataclass(frozen=True)
class ProfileSection:
    key: str
    title: Any
    template: str  # reads `section`, what get_context returned
    # get_context(request, person) -> a dict, or None to show nothing (at a constant number of queries).
    get_context: Callable[..., dict | None]
    order: int = 100


@dataclass(frozen=True)
class LibrarySection:
    key: str
    title: Any
    template: str
    # get_context(request, library) -> a dict, or None to show nothing to this viewer.
    get_context: Callable[..., dict | None]
    order: int = 100


def _shown(hook_name: str, *args) -> list[dict]:
    shown = []
    for section in registered(hook_name):
        context = section.get_context(*args)
        if context:
            shown.append({"section": section, "context": context})
    return shown


def profile_sections(request, person) -> list[dict]:
    return _shown(PROFILE_SECTIONS, request, person)


def library_sections(request, library) -> list[dict]:
    return _shown(LIBRARY_SECTIONS, request, library)
