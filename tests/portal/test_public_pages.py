"""Every public page, at two data sizes and in both languages: it answers, within its
query budget, and survives hostile query strings."""

import importlib

import pytest
from django.db import transaction
from django.utils import translation

from apps.portal.demo.build import Demo
from tests.conftest import DEMO_AS_OF

AREAS = ["portal", "honors", "organizations", "aed", "training", "donations", "boai"]
PAGES = [page for area in AREAS for page in importlib.import_module(f"tests.{area}.pages").PAGES]
HOSTILE = [
    {"page": "999999"},
    {"page": "-1", "q": "<script>alert(1)</script>"},
    {"q": "' OR 1=1 --", "district": "\x00", "year": "二〇二三"},
    {"lat": "91", "lng": "181", "level": "x" * 5000},
]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=[1, 10], ids=["demo", "demo-x10"])
def dataset(request, django_db_setup, django_db_blocker):
    """The demo data at scale 1, then at ten times its volume: budgets must hold at both,
    so no page's queries grow with the data. Each is built once per run."""
    with django_db_blocker.unblock(), transaction.atomic():
        Demo(scale=request.param, as_of=DEMO_AS_OF).build(accounts=False)
        yield request.param
        transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_answers_within_its_query_budget(
    dataset, client, django_assert_max_num_queries, page, language
):
    with translation.override(language):
        url = page.url()
    with django_assert_max_num_queries(page.budget):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == language


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_survives_hostile_query_strings(dataset, client, page):
    url = page.url()
    for params in HOSTILE:
        response = client.get(url, params)
        assert response.status_code in (200, 400, 404), params
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"<script>alert(1)</script>" not in body
