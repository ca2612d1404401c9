import pytest
from django.template import Context, Template
from django.utils import translation

from apps.aed.models import AedSite, Readiness
from apps.aed.selectors import NearbyAed


def render(text, **context):
    return Template("{% load aed_tags %}" + text).render(Context(context))


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


def card(language, distance_m, bearing, *, indoor, **fields):
    """A nearest card, in `language`, for a ready site of `fields` whose opening hours
    are unclear."""
    site = AedSite(access="yes", indoor=indoor, **fields)
    result = NearbyAed(site, distance_m, bearing, Readiness.READY, open_now=None)
    with translation.override(language):
        return render("{% nearest_card r %}", r=result)


def test_a_nearest_card_in_kilometres_links_its_site_and_escapes_its_text():
    html = card(
        "en", 2_345.0, 91, indoor=False, pk=77, name="<b>站</b>", location_detail="门口 & 大厅"
    )
    assert '<a href="/en/aed/77/">&lt;b&gt;站&lt;/b&gt;</a>' in html
    assert "2.3 km east" in html
    assert "Outdoors: 门口 &amp; 大厅" in html
    assert '<span class="badge status-ready">' in html
    assert "opening hours unclear" in html


def test_a_nearest_card_says_metres_in_the_page_language():
    html = card("zh-hans", 318.0, 180, indoor=True, pk=5, name="无锡站", location_detail="B1")
    assert "南方向 320 米" in html
    assert "室内: B1" in html
    assert '<a href="/aed/5/">' in html
