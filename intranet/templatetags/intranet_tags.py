from django import template
from django.utils.text import capfirst

register = template.Library()


@register.filter
def page_type_label(page) -> str:
    """The human name of a page's type ("Tutoriel", "Page standard"...)."""
    return capfirst(page.specific_class._meta.verbose_name) if page.specific_class else ""
