"""What a person's directory page shows of the feature apps (the bodies they sit on, later their
skills...): each app declares a `PersonSection` in its wagtail_hooks.py under
intranet.hooks.PERSON_SECTIONS; `intranet` never imports them."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .hooks import PERSON_SECTIONS, registered


@dataclass(frozen=True)
class PersonSection:
    key: str
    title: Any
    template: str
    # get_context(person, viewer) -> what the template reads as `section` (as a dashboard panel's
    # reads `panel`; an include cannot be given a variable named `context`), or None to show
    # nothing; what the viewer may not see is left out by the app, at a constant number of queries.
    get_context: Callable[..., dict | None]
    order: int = 100


def person_sections(person, viewer) -> list[dict]:
    shown = []
    for section in registered(PERSON_SECTIONS):
        context = section.get_context(person, viewer)
        if context:
            shown.append({"section": section, "context": context})
    return shown
