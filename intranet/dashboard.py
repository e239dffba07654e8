"""The dashboard's panel registry.

`intranet` knows nothing of the feature apps: each registers its panels here from its
AppConfig.ready(). A panel returns the context of its template, or None when it has nothing to
show for this person (a panel with no data is not shown, never faked). Panels must run a constant
number of queries whatever the data volume.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import has_role
from .selectors import person_for_user


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any  # a lazy translation
    template: str
    get_context: Callable[[HttpRequest], dict | None]
    order: int = 100
    roles: tuple = ()  # empty: everyone


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _panels[panel.key] = panel


def registered_panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def visible_panels(request: HttpRequest) -> list[dict]:
    shown = []
    for panel in registered_panels():
        if panel.roles and not has_role(request.user, *panel.roles):
            continue
        context = panel.get_context(request)
        if context:
            shown.append({"panel": panel, "context": context})
    return shown


@dataclass(frozen=True)
class QuickLink:
    label: Any
    url_name: str
    order: int = 100
    roles: tuple = ()


_quick_links: list[QuickLink] = []


def register_quick_link(link: QuickLink) -> None:
    _quick_links.append(link)


def quick_links(request: HttpRequest) -> list[dict]:
    links = sorted(_quick_links, key=lambda link: link.order)
    return [
        {"label": link.label, "url": reverse(link.url_name)}
        for link in links
        if not link.roles or has_role(request.user, *link.roles)
    ]


def dashboard_context(request: HttpRequest) -> dict:
    person = person_for_user(request.user)
    return {
        "person": person,
        "my_library": person.library if person else None,
        "quick_links": quick_links(request),
        "panels": visible_panels(request),
    }


register_quick_link(QuickLink(_("Directory"), "directory:people", order=50))
register_quick_link(QuickLink(_("My profile"), "profile", order=80))
register_quick_link(QuickLink(_("Security and two-factor authentication"), "mfa_index", order=90))
