"""Main navigation registry: each feature app adds its entry once its pages exist, so entries of
apps not built yet stay hidden."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .roles import has_role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url_name: str
    order: int
    roles: tuple = ()


_items: dict[str, NavItem] = {}


def register_nav_item(item: NavItem) -> None:
    _items[item.key] = item


def nav_items_for(request) -> list[dict]:
    current = request.path
    items = []
    for item in sorted(_items.values(), key=lambda entry: entry.order):
        if item.roles and not has_role(request.user, *item.roles):
            continue
        url = reverse(item.url_name)
        items.append({"key": item.key, "label": item.label, "url": url,
                      "current": current.startswith(url) and url != "/"})
    return items
