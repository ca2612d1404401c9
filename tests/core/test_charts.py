from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def render(series, kind="count"):
    template = Template("{% load charts %}{% bar_chart series 'Caption' kind 'Year' 'Value' %}")
    return template.render(Context({"series": series, "kind": kind}))


def test_bar_heights_are_proportional_to_values():
    from apps.core.templatetags.charts import bar_chart

    bars = bar_chart([(2020, 10), (2021, 20), (2022, 0)], "c")["bars"]
    assert bars[1]["height"] == 2 * bars[0]["height"]
    assert bars[2]["height"] == 0
    assert bars[1]["y"] + bars[1]["height"] == bars[0]["y"] + bars[0]["height"]


def test_chart_has_a_table_of_its_values():
    with translation.override("en"):
        html = render([(2020, Decimal("123456789.50"))], kind="money")
    assert '<th scope="row">2020</th>' in html
    assert "¥123.46 million" in html
    assert 'title="123,456,789.50"' in html
    assert "Caption" in html


def test_chart_of_no_data_draws_nothing_and_does_not_fail():
    html = render([])
    assert "<rect" not in html
