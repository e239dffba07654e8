"""Form widgets for long option lists. Django renders each <option> through a template, which costs
about 0.1 ms per option: 150 libraries make a select the slowest part of a page."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A single <select> rendered in Python; same markup and attributes as forms.Select."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in (value if isinstance(value, (list, tuple)) else [value])
                    if item is not None}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(option_value), " selected" if str(option_value) in selected else "", label)
             for option_value, label in self._plain_choices()),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _plain_choices(self):
        for option_value, label in self.choices:
            yield ("" if option_value is None else getattr(option_value, "value", option_value)), label


def html_attributes(attrs: dict) -> SafeString:
    """Attributes as Django's attrs.html writes them: in their order, True as a bare name, False left
    out (names come from code; values are escaped)."""
    return mark_safe("".join(f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
                             for name, value in attrs.items() if value is not False))


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes rendered in Python: the same markup as forms.CheckboxSelectMultiple, whose option
    templates cost about 0.4 ms a checkbox (groups of choices keep Django's templates)."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # list() alone would ask a model choice field to count first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        checked = set(self.format_value(value))
        widget_attrs = self.build_attrs(self.attrs, attrs)
        wrapper_id, wrapper_class = widget_attrs.get("id"), widget_attrs.get("class")
        options = []
        for index, (option_value, label) in enumerate(choices):
            option_value = "" if option_value is None else str(option_value)
            option_attrs = dict(widget_attrs)
            if option_value in checked:
                option_attrs["checked"] = True
            if wrapper_id:
                option_attrs["id"] = f"{wrapper_id}_{index}"
            options.append(format_html(
                '<div>\n    <label{}><input type="checkbox" name="{}" value="{}"{}>\n {}</label>\n\n</div>',
                format_html(' for="{}"', option_attrs["id"]) if wrapper_id else "", name, option_value,
                html_attributes(option_attrs), label))
        wrapper = html_attributes({"id": wrapper_id or False, "class": wrapper_class or False})
        return format_html("<div{}>{}\n</div>", wrapper, mark_safe("".join(options)))
