import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unknown_page_answers_a_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/"' in response.content.decode()
    assert "/static/css/site.css" in response.content.decode()


def test_server_error_page_asks_to_try_again(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert "/static/css/site.css" in response.content.decode()


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()
