"""Form widgets for long option lists. Django renders each <option> through a template, which costs
about 0.1 ms per option: 150 libraries make a select the slowest part of a page."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


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
