"""The dashboard: each person's home page, made of panels and quick links.

`intranet` knows nothing of the feature apps: each declares its panels and quick links in its
`wagtail_hooks.py` (`intranet.hooks.DASHBOARD_PANELS`, `QUICK_LINKS`). A panel returns the context
of its template, or None when it has nothing to show for this person (a panel with no data is not
shown, never faked). Panels must run a constant number of queries whatever the data volume.

The home page's template asks for all this with `{% dashboard as dashboard %}`
(intranet.templatetags.intranet_tags), so the page model never imports what sits above it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from .hooks import DASHBOARD_PANELS, QUICK_LINKS, registered
from .roles import shown_to
from .selectors import person_for_user


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any  # a lazy translation
    template: str
    get_context: Callable[[HttpRequest], dict | None]
    order: int = 100
    roles: tuple = ()  # empty: everyone


@dataclass(frozen=True)
class QuickLink:
    label: Any
    url_name: str
    order: int = 100
    roles: tuple = ()

    @property
    def key(self) -> str:
        return self.url_name


def visible_panels(request: HttpRequest) -> list[dict]:
    shown = []
    for panel in shown_to(request.user, registered(DASHBOARD_PANELS)):
        context = panel.get_context(request)
        if context:
            shown.append({"panel": panel, "context": context})
    return shown


def quick_links(request: HttpRequest) -> list[dict]:
    return [{"label": link.label, "url": reverse(link.url_name)}
            for link in shown_to(request.user, registered(QUICK_LINKS))]


def dashboard_context(request: HttpRequest) -> dict:
    person = person_for_user(request.user)
    return {
        "person": person,
        "my_library": person.library if person else None,
        "quick_links": quick_links(request),
        "panels": visible_panels(request),
    }


def first_and_total(queryset, count: int) -> tuple[list, int]:
    """The first `count` rows of a queryset and how many it holds in all, in ONE query (a window
    count), for panels that show a few items and say « 12 waiting »."""
    from django.db.models import Count, Window

    rows = list(queryset.annotate(_panel_total=Window(Count("pk")))[:count])
    return rows, (rows[0]._panel_total if rows else 0)
