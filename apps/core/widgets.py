"""Form widgets of the public filters.

Django renders a <select> from templates: the select, then for each option its own
template and the attributes' template, three template renders per option. A filter
of the public lists (a year or fund per option) cost more than the rest of its page;
`Select` writes the same HTML in Python.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class Select(forms.Select):
    """forms.Select with the markup of Django's templates, written without them."""

    def _options(self, options):
        return format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>',
            ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in options),
        )

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                groups.append(
                    format_html(
                        '\n  <optgroup label="{}">{}\n  </optgroup>',
                        group_name,
                        self._options(options),
                    )
                )
            else:
                groups.append(self._options(options))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("", "{}", ((group,) for group in groups)),
        )
