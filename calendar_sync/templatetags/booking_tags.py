"""`{{ booking|title_for:request.user }}` and `{{ booking|note_for:viewer }}`: what this viewer may see
of a booking, for templates that loop over bookings (the rule is permissions.can_see_private_details).
`{{ room|opening_hours }}` and `{% open_days %}`: when rooms can be booked, said from the settings
(calendar_sync.opening), never written out in a template."""

from django import template

from calendar_sync import opening

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
