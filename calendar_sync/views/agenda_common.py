"""What the agenda's pages share: their tabs (each family appends its own) and rendering with them."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..permissions import can_edit_calendar


@dataclass(frozen=True)
class AgendaTab:
    key: str
    label: Any
    url_name: str
    shown: Any = None  # shown(user) -> bool; None: for everyone who reaches the agenda


AGENDA_TABS: list[AgendaTab] = [
    # --- agenda family ---
    AgendaTab("agenda", _("Network agenda"), "agenda:month"),
    # --- feeds family ---
    AgendaTab("subscribe", _("Subscribe in my calendar app"), "agenda:subscribe"),
    # --- imports family ---
    AgendaTab("import", _("Import a calendar file"), "agenda:import", shown=can_edit_calendar),
]


def render_agenda_page(request: HttpRequest, template: str, context: dict, *, section: str,
                       status: int = 200) -> HttpResponse:
    """`section`: the tab marked as the current page."""
    tabs = [tab for tab in AGENDA_TABS if tab.shown is None or tab.shown(request.user)]
    return render(request, template, {**context, "section": section, "agenda_tabs": tabs}, status=status)
