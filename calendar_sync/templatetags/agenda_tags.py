"""`{{ event|agenda_href }}`: the site path of an agenda occurrence (an occurrence of a recurring
event goes to its master's page with its date); `{{ event|agenda_label:labels }}`: its calendar or
source in words, the colour being only a decoration; `{% agenda_occurrence event labels %}`: one
occurrence written out."""

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext

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


@register.simple_tag
def agenda_occurrence(event, labels, show_location=False):
    """One occurrence as _occurrence.html would write it, without an include per event (a month
    holds hundreds): its times or « Toute la journée », its title linked, its calendar in words."""
    when = gettext("All day") if event.all_day else (
        f"{timezone.localtime(event.start):%H:%M}–{timezone.localtime(event.end):%H:%M}")
    href = agenda_href(event)
    title = (format_html('<a href="{}">{}</a>', href, event.title) if href
             else format_html('<span class="agenda-event__title">{}</span>', event.title))
    swatch = ""
    if event.colour:
        swatch = format_html('<svg class="agenda-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
                             '<circle cx="5" cy="5" r="4.5" fill="{}"></circle></svg>', event.colour)
    pending = format_html(' <span class="status status--pending">{}</span>', gettext("awaiting approval")) \
        if event.tentative else ""
    place = format_html(' <span class="meta">{}</span>', event.location) if show_location and event.location else ""
    return format_html('<span class="agenda-event{}"><span class="agenda-event__when">{}</span> {} '
                       '<span class="agenda-event__label">{}{}</span>{}{}</span>',
                       " agenda-event--tentative" if event.tentative else "", when, title, swatch,
                       agenda_label(event, labels), pending, place)
