"""The form renderer: plain inputs and selects written in Python, the rest from templates.

Django renders a widget from templates: an <input> is its widget's template including
input.html including attrs.html; a <select> is select.html, then for each option its own
template and the attributes' template, three template renders per option. The filters of
the public pages (a district, a kind, a year, a fund per option) cost more than the rest
of their page: 2.5 ms for the AED finder's four fields. `FormRenderer` (FORM_RENDERER)
writes the markup of those templates itself, byte for byte; every other template (the
admin's widgets, forms rendered whole) is rendered as Django renders it.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

# Widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """{{ value|stringformat:'s' }} in an autoescaping template."""
    return conditional_escape(value if hasattr(value, "__html__") else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its
    name alone."""
    return "".join(
        ""
        if value is False
        else f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a widget with options of its own: its templates render it
            # select_option.html ends with a line break, which its include keeps
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's default renderer, writing plain inputs and selects without templates."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return _input(widget)
            if template_name == SELECT_TEMPLATE:
                html = _select(widget)
                if html is not None:
                    return html
        return super().render(template_name, context, request)
