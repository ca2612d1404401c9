import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_sitemap_index_lists_each_section(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    for section in ("pages", "districts", "honors", "organizations", "aed", "boai"):
        assert f"/sitemap-{section}.xml" in body


def test_sitemap_lists_pages_in_both_languages(client):
    body = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>http://testserver/</loc>" in body
    assert "<loc>http://testserver/en/</loc>" in body


def test_sitemap_lists_district_pages(client):
    body = client.get("/sitemap-districts.xml").content.decode()
    assert "http://testserver/districts/jiangyin/" in body


def test_robots_txt_points_to_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_honors_sitemap_leaves_out_unpublished_honors(client):
    shown = f.make_honor()
    hidden = f.make_honor(is_published=False)
    body = client.get("/sitemap-honors.xml").content.decode()
    assert f"/honors/{shown.pk}/" in body
    assert f"/honors/{hidden.pk}/" not in body
