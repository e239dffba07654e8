"""Template tags of the procedures family."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def local_note_for(context, step_id):
    """The reader's library's note under a step (`local_notes` comes from tutorials.page_context)."""
    return (context.get("local_notes") or {}).get(str(step_id))
