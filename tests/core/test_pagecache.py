"""Public pages come from the cache until a write commits, then are rendered afresh."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.core import pagecache
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_page_is_served_from_the_cache_until_a_write_commits(
    client, django_assert_num_queries, districts_reloaded
):
    f.make_organization(name="第一志愿服务队")
    url = reverse("organizations:list")
    first = client.get(url)
    assert "第一志愿服务队" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Language"] == "zh-hans"

    f.make_organization(name="第二志愿服务队")  # commits: no test transaction around it
    assert "第二志愿服务队" in client.get(url).content.decode()


def test_uncommitted_writes_do_not_reach_the_cached_page(client):
    url = reverse("organizations:list")
    client.get(url)
    f.make_organization(name="未提交的组织")  # the test's transaction never commits
    assert "未提交的组织" not in client.get(url).content.decode()


def test_each_language_has_its_own_page(client, english):
    english_url = reverse("portal:districts")
    assert english_url.startswith("/en/")
    chinese_url = english_url.removeprefix("/en")
    assert client.get(english_url)["Content-Language"] == "en"
    assert client.get(chinese_url)["Content-Language"] == "zh-hans"
    assert client.get(english_url)["Content-Language"] == "en"


def test_staff_with_a_session_and_throttled_lookups_bypass_the_cache(
    superuser_client, django_assert_max_num_queries
):
    url = reverse("organizations:list")
    superuser_client.get(url)
    with django_assert_max_num_queries(20) as queries:
        superuser_client.get(url)
    assert len(queries) > 0
    receipt = reverse("donations:receipt")
    superuser_client.logout()
    superuser_client.get(receipt, {"number": "X"})
    with django_assert_max_num_queries(20) as queries:
        superuser_client.get(receipt, {"number": "X"})
    assert len(queries) > 0


def test_the_language_links_lead_to_the_same_page_in_the_other_language(client):
    html = client.get(reverse("portal:districts") + "?x=1").content.decode()
    assert 'href="/en/districts/?x=1"' in html
    assert "csrfmiddlewaretoken" not in html


def test_a_hit_reads_the_cache_once(client, monkeypatch):
    url = reverse("portal:districts")
    first = client.get(url)
    calls, get_many = [], cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or get_many(keys))
    monkeypatch.setattr(pagecache, "data_version", lambda: pytest.fail("read the version again"))
    monkeypatch.setattr(cache, "set", lambda *a, **k: pytest.fail("stored the page again"))
    again = client.get(url)
    assert again.content == first.content
    assert len(calls) == 1 and calls[0][0] == pagecache.VERSION_KEY


def test_the_empty_lookup_form_is_cached_but_not_a_lookup(client, monkeypatch):
    from apps.donations import views

    receipt = reverse("donations:receipt")
    first = client.get(receipt)
    client.get(receipt, {"number": "X"})
    rendered, render = [], views.render
    monkeypatch.setattr(views, "render", lambda *a, **k: rendered.append(1) or render(*a, **k))
    assert client.get(receipt).content == first.content
    assert rendered == []  # the empty form came from the cache
    client.get(receipt, {"number": "X"})
    assert rendered == [1]  # a lookup is answered afresh every time


def _token(response) -> str:
    import re

    [token] = re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    return token.decode()


def test_a_form_page_is_stored_without_a_token_and_each_visitor_gets_their_own(monkeypatch):
    import hashlib

    from django.conf import settings
    from django.test import Client

    from apps.training import views

    url = reverse("training:certificate")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get(url)
    rendered, render = [], views.render
    monkeypatch.setattr(views, "render", lambda *a, **k: rendered.append(1) or render(*a, **k))
    page_two = second.get(url)
    assert rendered == []  # the second visitor's page came from the cache
    one, two = _token(page_one), _token(page_two)
    assert pagecache.CSRF_PLACEHOLDER not in {one, two} and one != two
    assert "csrftoken" in page_one.cookies and "csrftoken" in page_two.cookies
    assert "Cookie" in page_two["Vary"]
    key = f"pagecache:{settings.LANGUAGE_CODE}:{hashlib.sha256(url.encode()).hexdigest()}"
    _version, stored, _headers = cache.get(key)
    assert pagecache.CSRF_PLACEHOLDER.encode() in stored
    assert one.encode() not in stored and two.encode() not in stored
    form = {"certificate_number": "WX-0", "name": "某人"}
    # each visitor's token is good for their own cookie, not for the other's
    assert second.post(url, form | {"csrfmiddlewaretoken": two}).status_code == 200
    assert first.post(url, form | {"csrfmiddlewaretoken": one}).status_code == 200
    assert (
        Client(enforce_csrf_checks=True).post(url, form | {"csrfmiddlewaretoken": one}).status_code
        == 403
    )


def test_staff_get_a_token_of_their_own_without_the_cache(superuser_client):
    page = superuser_client.get(reverse("training:certificate"))
    assert pagecache.CSRF_PLACEHOLDER.encode() not in page.content
    assert len(_token(page)) == 64
