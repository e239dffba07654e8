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


def _attributes(attrs: dict) -> str:
    """Attributes as Django's attrs.html writes them: in their order, True as a bare name, False left out."""
    return format_html_join("", " {}{}", ((name, "" if value is True else format_html('="{}"', value))
                                         for name, value in attrs.items() if value is not False))


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes rendered in Python: the same markup as forms.CheckboxSelectMultiple, whose option
    templates cost about 0.4 ms a checkbox (groups of choices keep Django's templates)."""

    OPTION = '<div>\n    <label{}><input type="{}" name="{}"{}{}>\n {}</label>\n\n</div>'

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group for group, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join("", self.OPTION, (
            (format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else "",
             option["type"], option["name"],
             "" if option["value"] is None else format_html(' value="{}"', option["value"]),
             _attributes(option["attrs"]), option["label"])
            for _group, group_options, _index in widget["optgroups"] for option in group_options))
        wrapper = {"id": widget["attrs"].get("id"), "class": widget["attrs"].get("class")}
        return format_html("<div{}>{}\n</div>", _attributes({key: value for key, value in wrapper.items() if value}),
                           options)
