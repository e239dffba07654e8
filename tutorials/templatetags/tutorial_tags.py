from django import template

register = template.Library()


@register.filter
def step_number(numbers: dict, block_id) -> int | str:
    """The number of a step block in its page (`step_numbers|step_number:block.id`)."""
    return numbers.get(block_id, "")
