"""`{% scroll_region %}`: the container that lets a wide table or chart scroll sideways on a small
screen, reachable by keyboard (WCAG 2.1.1; axe-core `scrollable-region-focusable`).

    {% load scroll_regions %}
    {% scroll_region labelledby="occupancy-caption" %}<table>…<caption id="occupancy-caption">…{% endscroll_region %}
    {% scroll_region "chart-wrap" labelledby="occupancy-chart-title" %}<svg>…{% endscroll_region %}
    {% scroll_region label=_("Week") %}…{% endscroll_region %}

renders `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="…">…</div>`: a tab stop
(keyboard users scroll it with the arrow keys once focused), a landmark named by the table's caption
or the chart's title (or `label`), and the focus ring of intranet.css. The first argument, the
container's classes, defaults to "table-wrap"."""

from django import template
from django.template.base import token_kwargs
from django.utils.html import format_html

register = template.Library()


class ScrollRegionNode(template.Node):
    def __init__(self, classes, kwargs, nodelist):
        self.classes = classes
        self.kwargs = kwargs
        self.nodelist = nodelist

    def render(self, context):
        classes = self.classes.resolve(context) if self.classes is not None else "table-wrap"
        values = {name: value.resolve(context) for name, value in self.kwargs.items()}
        labelledby, label = values.get("labelledby"), values.get("label")
        if not (labelledby or label):
            raise template.TemplateSyntaxError("{% scroll_region %} needs labelledby= or label=")
        name = (format_html(' aria-labelledby="{}"', labelledby) if labelledby
                else format_html(' aria-label="{}"', label))
        return format_html('<div class="{}" tabindex="0" role="region"{}>{}</div>', classes, name,
                           self.nodelist.render(context))


@register.tag
def scroll_region(parser, token):
    bits = token.split_contents()[1:]
    classes = None
    if bits and "=" not in bits[0]:
        classes = parser.compile_filter(bits.pop(0))
    kwargs = token_kwargs(bits, parser)
    if bits or set(kwargs) - {"labelledby", "label"}:
        raise template.TemplateSyntaxError("{% scroll_region [classes] labelledby=… | label=… %}")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(classes, kwargs, nodelist)
