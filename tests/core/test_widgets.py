"""The form renderer (apps/core/widgets.py) writes what Django's templates write."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered
from django.utils.safestring import mark_safe

from apps.core.widgets import FormRenderer

CHOICES = [
    ("", "全部"),
    ("a", "甲 <b>"),
    ("Group & co", [("b", "乙"), ("c", "丙")]),
    (2024, 2024),
    ('q"uote', mark_safe("<em>safe</em>")),
]

WIDGETS = [
    (forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}), 'x < y & "z"'),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"step": "any", "min": 0, "required": True}), 31.5689),
    (forms.HiddenInput(), "a'b"),
    (forms.SearchInput(attrs={"placeholder": "名称", "disabled": False}), "博爱"),
    (forms.EmailInput(), "a@b.cn"),
    (forms.DateInput(), "2024-06-01"),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(attrs={"class": "toggle"}), False),
    (forms.Select(choices=CHOICES, attrs={"id": "id_f", "required": True}), "c"),
    (forms.Select(choices=CHOICES), 2024),
    (forms.Select(choices=CHOICES), ""),
    (forms.SelectMultiple(choices=CHOICES), ["a", "c"]),
    (forms.NullBooleanSelect(), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_widgets_are_written_as_the_templates_write_them_without_rendering_one(widget, value):
    rendered = []

    def record(sender, **kwargs):
        rendered.append(kwargs["template"].name)

    template_rendered.connect(record)
    try:
        ours = widget.render("f", value, {"id": "id_f"}, renderer=FormRenderer())
    finally:
        template_rendered.disconnect(record)
    django = widget.render("f", value, {"id": "id_f"}, renderer=DjangoTemplates())

    assert ours == django
    assert rendered == []


def test_other_widgets_are_left_to_their_templates():
    widget = forms.RadioSelect(choices=[("a", "甲"), ("b", "乙")])
    assert widget.render("f", "a", renderer=FormRenderer()) == widget.render(
        "f", "a", renderer=DjangoTemplates()
    )


def test_the_project_renders_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
