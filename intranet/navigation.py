"""The main navigation: each app declares its entry in its `wagtail_hooks.py`
(`intranet.hooks.NAVIGATION`) once its pages exist, so entries of apps not built yet stay hidden.

The order reserves room for the feature apps: Tutoriels 10, Parcours 20, Compétences 30,
Instances 40, Salles & agenda 50, Annuaire 60."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .hooks import NAVIGATION, registered
from .roles import shown_to


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url_name: str
    order: int
    roles: tuple = ()


def nav_items_for(request) -> list[dict]:
    current = request.path
    items = []
    for item in shown_to(request.user, registered(NAVIGATION)):
        url = reverse(item.url_name)
        items.append({"key": item.key, "label": item.label, "url": url,
                      "current": current.startswith(url) and url != "/"})
    return items
