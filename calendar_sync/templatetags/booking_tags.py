"""`{{ booking|title_for:request.user }}` and `{{ booking|note_for:viewer }}`: what this viewer may see
of a booking, for templates that loop over bookings (the rule is permissions.can_see_private_details).
`{{ room|opening_hours }}` and `{% open_days %}`: when rooms can be booked, said from the settings
(calendar_sync.opening), never written out in a template. `{% week_cell cell today labels %}`: one
hour of a room's week; `{% room_card card labels %}`: one card of the room finder."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from calendar_sync import opening
from calendar_sync.presenters import hhmm

register = template.Library()


@register.filter
def title_for(booking, user) -> str:
    return booking.title_for(user)


@register.filter
def note_for(booking, user) -> str:
    return booking.note_for(user)


@register.filter
def opening_hours(room) -> str:
    """« 08:30–19:00, du lundi au samedi »."""
    return opening.opening_label(room)


@register.simple_tag
def open_days() -> str:
    """« du lundi au samedi »."""
    return opening.open_days_label()


@register.simple_tag
def week_cell(cell, today, labels) -> str:
    """One cell of a room's week (`presenters.WeekCell`): its bookings, or the link that books the
    hour. Drawn here rather than by template tags: a week has some ninety cells, and their dozen
    tags each cost half of the page's time. `labels`: the translated words, looked up once a page."""
    classes = " ".join(filter(None, [
        "week__cell--busy" if cell.items else ("week__cell--free" if cell.book_url else ""),
        "week__today" if cell.day == today else ""]))
    if not cell.items:
        inner = format_html('<a class="slot-free" href="{}">{}<span class="visually-hidden">, {}</span></a>',
                            cell.book_url, labels["free"], cell.label) if cell.book_url else ""
        return format_html('<td class="{}">{}</td>', classes, inner)
    return format_html('<td class="{}">{}</td>', classes, format_html_join("", "{}", (
        (_booking_in_cell(item, labels),) for item in cell.items)))


def _booking_in_cell(item, labels) -> str:
    classes = "slot-booking" + (" slot-booking--pending" if item.pending else "") + (
        " slot-booking--continued" if item.continued else "")
    parts = []
    if item.continued:
        parts.append(format_html('<span class="visually-hidden">{} </span><span aria-hidden="true">↳ </span>',
                                 labels["continued"]))
    if item.url and not item.continued:
        parts.append(format_html('<a href="{}">{}</a>', item.url, item.title))
    else:
        parts.append(format_html('<span class="slot-booking__title">{}</span>', item.title))
    if not item.continued:
        parts.append(format_html('<span class="slot-booking__meta">{}–{} · {}</span>', hhmm(item.booking.start),
                                 hhmm(item.booking.end), item.booking.organizer.full_name))
    if item.pending:
        parts.append(format_html('<span class="slot-booking__status">{}</span>', labels["pending"]))
    return format_html('<div class="{}">{}</div>', classes, mark_safe(" ".join(parts)))


@register.simple_tag
def room_card(card, labels) -> str:
    """One card of the room finder (`presenters.RoomCard`): the room's facts, drawn once for everyone
    and kept in the cache, then its links. Drawn here for the same reason as the week's cells: a
    dozen tags a card cost a fifth of the page. `labels`: presenters.room_card_labels()."""
    room = card.room
    about = format_html('<span class="visually-hidden"> — {}, {}</span>', room.name, room.library_name)
    book = format_html('\n    <a class="button button--primary" href="{}">{}{}</a>', card.book_url, labels["book"],
                       about) if card.can_book else ""
    return format_html('<li class="room-card card">\n{}\n  <p class="room-card__actions">\n'
                       '    <a href="{}">{}{}</a>{}\n  </p>\n</li>', room.html, room.url, labels["week"], about, book)
