import re

from django import forms
from django.test.signals import template_rendered

from apps.core.widgets import Select

CHOICES = [
    ("", "全部"),
    ("a", "甲 <b>"),
    ("Group & co", [("b", "乙"), ("c", "丙")]),
    (2024, 2024),
]


def squeeze(html):
    return re.sub(r">\s+<", "><", str(html))


def test_select_writes_the_markup_of_django_templates_without_rendering_one():
    rendered = []

    def record(sender, **kwargs):
        rendered.append(kwargs["template"].name)

    template_rendered.connect(record)
    try:
        ours = Select(choices=CHOICES).render("f", "c", {"id": "id_f", "required": True})
    finally:
        template_rendered.disconnect(record)
    django = forms.Select(choices=CHOICES).render("f", "c", {"id": "id_f", "required": True})

    assert rendered == []
    assert squeeze(ours) == squeeze(django)
    assert '<option value="c" selected>丙</option>' in ours
    assert "甲 &lt;b&gt;" in ours


def test_select_marks_an_integer_choice_selected():
    html = Select(choices=CHOICES).render("year", 2024)
    assert '<option value="2024" selected>2024</option>' in html
