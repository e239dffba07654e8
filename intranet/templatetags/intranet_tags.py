from django import template
from django.utils.text import capfirst

from intranet.dashboard import dashboard_context

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard(context) -> dict:
    """`{% dashboard as dashboard %}`: the person, their library, the quick links and the panels
    of the dashboard of who is asking."""
    return dashboard_context(context["request"])


@register.filter
def page_type_label(page) -> str:
    """The human name of a page's type ("Tutoriel", "Page standard"...)."""
    return capfirst(page.specific_class._meta.verbose_name) if page.specific_class else ""
