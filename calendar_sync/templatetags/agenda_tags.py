"""`{{ event|agenda_href }}`: the site path of an agenda occurrence (an occurrence of a recurring
event goes to its master's page with its date); `{{ event|agenda_label:labels }}`: its calendar or
source in words, the colour being only a decoration."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone

register = template.Library()


@register.filter
def agenda_href(event) -> str:
    url = event.url or ""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if base and url.startswith(base):
        url = url[len(base):] or "/"
    if url and event.recurrence_id is not None and "?" not in url:
        url += "?date=" + timezone.localtime(event.recurrence_id).date().isoformat()
    return url


@register.filter
def agenda_label(event, labels) -> str:
    source = str(labels.get(event.source, "")) if labels else ""
    if event.source == "network_events":
        return event.calendar_label or source
    if event.calendar_label and source:
        return f"{source} · {event.calendar_label}"
    return event.calendar_label or source


@register.filter
def local_day(moment) -> dt.date:
    return timezone.localtime(moment).date()
