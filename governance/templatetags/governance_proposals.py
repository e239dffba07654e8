"""Template helpers of agenda proposals."""

from django import template
from django.utils import timezone

from .. import rules

register = template.Library()


@register.filter
def takes_proposals(meeting) -> bool:
    """Whether members may still propose items for this meeting (before its deadline, not cancelled)."""
    return rules.proposals_open(meeting, timezone.now())
