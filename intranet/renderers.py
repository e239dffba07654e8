"""The form renderer of the site (settings.FORM_RENDERER): every field drawn by one template,
`intranet/forms/field.html`, through `{{ field.as_field_group }}`; `{{ form }}` draws the form's
errors, then each field that way.

Two shortcuts, each the same markup for a fraction of the cost (a search form has seven fields):
- the field template reads a plain dict of what it prints (`field_shown`), computed once, rather than
  the bound field, whose every attribute a template first looks up as a subwidget index and whose
  `widget_type` is a regular expression each time;
- the one-tag inputs (text, number, date, time, checkbox...) are drawn in Python, not by Django's two
  nested templates, as long as no app overrides those templates."""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html

from .widgets import html_attributes

# Django's widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{kind}.html" for kind in (
    "input", "text", "number", "email", "url", "color", "search", "tel", "password", "hidden", "date", "datetime",
    "time", "checkbox"))
DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def render_input(widget: dict) -> str:
    """What django/forms/widgets/input.html (and attrs.html) write for this widget context."""
    value = widget["value"]
    return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"],
                       "" if value is None else format_html(' value="{}"', value), html_attributes(widget["attrs"]))


def field_shown(field: BoundField) -> dict:
    """What intranet/forms/field.html prints of a bound field."""
    widget_type = field.widget_type
    return {"required_note": _first_required_field(field),
        "is_hidden": field.is_hidden, "use_fieldset": field.use_fieldset, "widget_type": widget_type,
        "html": str(field), "errors": field.errors, "help_text": field.help_text, "label": field.label,
        "auto_id": field.auto_id, "id_for_label": field.id_for_label, "required": field.field.required,
        "group_class": (" checkbox-grid" if "checkboxselectmultiple" in widget_type
                        else " choices-stacked" if "radioselect" in widget_type else ""),
    }


def _first_required_field(field: BoundField) -> bool:
    """Whether this is the first required field of its form to be drawn: the field template says once,
    just before it, what the asterisk means (RGAA 11.10). Not in a form of one field (a refusal's reason, a
    search box), where the asterisk stands alone and the sentence would be repeated on each form of a list."""
    if field.is_hidden or not field.field.required or getattr(field.form, "_required_note_shown", False):
        return False
    if sum(1 for name, form_field in field.form.fields.items() if not form_field.widget.is_hidden) < 2:
        return False
    field.form._required_note_shown = True
    return True


class IntranetFormRenderer(DjangoTemplates):
    form_template_name = "intranet/forms/form.html"
    field_template_name = "intranet/forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and self.inputs_are_djangos:
            return render_input(context["widget"])
        if template_name == self.field_template_name and isinstance(context.get("field"), BoundField):
            context = {"field": field_shown(context["field"])}
        return super().render(template_name, context, request=request)

    @cached_property
    def inputs_are_djangos(self) -> bool:
        """Inputs are drawn in Python only while no installed app overrides Django's markup of them."""
        names = INPUT_TEMPLATES | {"django/forms/widgets/attrs.html"}
        return all(Path(self.get_template(name).origin.name).is_relative_to(DJANGO_FORM_TEMPLATES) for name in names)
