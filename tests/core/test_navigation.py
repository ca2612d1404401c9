"""The site's header and footer, rendered once per language and menu section."""

import pytest
from django.test import override_settings
from django.urls import reverse

from apps.core.templatetags import navigation

pytestmark = pytest.mark.django_db


def test_each_page_of_a_section_links_to_itself_in_the_other_language(client):
    first = client.get(reverse("honors:index") + "?level=national").content.decode()
    second = client.get(reverse("honors:index") + "?level=city&q=%3C").content.decode()
    assert 'href="/en/honors/?level=national"' in first
    assert 'href="/en/honors/?level=city&amp;q=%3C"' in second
    assert "/en/honors/?level=national" not in second
    assert navigation.LANGUAGE_LINK.format("en") not in first + second


def test_the_english_header_links_back_to_chinese_and_marks_its_section(client, english):
    html = client.get(reverse("aed:nearest")).content.decode()
    assert 'href="/aed/nearest/" lang="zh-hans"' in html
    assert '<a href="/en/aed/" aria-current="page">Find an AED</a>' in html
    assert 'aria-current="page">Honors' not in html


def test_a_page_outside_the_menu_marks_no_entry(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'aria-current="page"' not in html
    assert html.count("<li><a href=") >= len(navigation.MENU)


@pytest.mark.parametrize("path", ["/en/no-such-page/", "/no-such-page/"])
def test_the_not_found_page_has_the_header_in_its_language(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert ('href="/en/">' in html) == path.startswith("/en/")
    assert "site-nav" in html and "site-footer" in html


def test_a_change_of_languages_is_not_answered_from_the_rendered_header(client):
    client.get(reverse("portal:districts"))  # renders and keeps the header
    with override_settings(LANGUAGES=[("zh-hans", "简体中文")]):
        html = client.get(reverse("portal:districts")).content.decode()
    assert 'hreflang="en"' not in html
    assert 'hreflang="en"' in client.get(reverse("portal:districts")).content.decode()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_record_url_is_what_the_url_tag_gives(language):
    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        '{% load navigation %}{{ pk|record_url:"honors:detail" }} {% url "honors:detail" pk %}'
    )
    with translation.override(language):
        ours, django = template.render(Context({"pk": 1207})).split()
    assert ours == django
    assert ours.endswith("/honors/1207/")
    assert ours.startswith("/en/") == (language == "en")
