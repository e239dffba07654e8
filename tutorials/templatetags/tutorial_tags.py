from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def step_number(numbers: dict, block_id) -> int | str:
    """The number of a step block in its page (`step_numbers|step_number:block.id`)."""
    return numbers.get(block_id, "")


@register.filter
def block_html(rendered: dict, block_id) -> str:
    """A body block's HTML as drawn by tutorials.views.content.rendered_blocks (already escaped there)."""
    return mark_safe(rendered.get(block_id, ""))
