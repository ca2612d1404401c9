import pytest
from django.template import Context, Template
from django.utils import translation

from apps.aed.models import Readiness


def render(text, **context):
    return Template("{% load aed_badges %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("readiness", "css", "symbol", "word"),
    [
        (Readiness.READY, "status-ready", "✓", "ready"),
        (Readiness.CHECK_OVERDUE, "status-warn", "!", "check overdue"),
        (Readiness.OUT_OF_SERVICE, "status-off", "✕", "out of service"),
        ("retired", "status-off", "✕", "out of service"),  # anything else
    ],
)
def test_a_readiness_badge_says_it_in_a_word_and_a_symbol(readiness, css, symbol, word):
    with translation.override("en"):
        html = render("{% readiness_badge r %}", r=readiness)
    assert (
        html == f'<span class="badge {css}"><span aria-hidden="true">{symbol}</span> {word}</span>'
    )


@pytest.mark.parametrize(
    ("open_now", "expected"),
    [
        (
            True,
            '<span class="open-state is-open"><span aria-hidden="true">●</span> 正在开放</span>',
        ),
        (
            False,
            '<span class="open-state is-closed"><span aria-hidden="true">○</span> 当前未开放</span>',
        ),
        (None, '<span class="open-state">开放时间不详</span>'),
    ],
)
def test_the_open_state_is_read_in_the_page_language(open_now, expected):
    with translation.override("zh-hans"):
        assert render("{% open_state o %}", o=open_now) == expected
