"""`{{ booking|title_for:request.user }}` and `{{ booking|note_for:viewer }}`: what this viewer may see
of a booking, for templates that loop over bookings (the rule is permissions.can_see_private_details)."""

from django import template

register = template.Library()


@register.filter
def title_for(booking, user) -> str:
    return booking.title_for(user)


@register.filter
def note_for(booking, user) -> str:
    return booking.note_for(user)
