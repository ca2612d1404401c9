"""Open-data downloads are limited per visitor and in how many run at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from apps.portal import downloads
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def csv_url():
    f.make_aed()
    return reverse("portal:dataset-csv", args=["aed-sites"])


def test_a_visitor_past_the_rate_gets_a_429_page(
    client, settings, frozen_rate_window, english, csv_url
):
    settings.DOWNLOAD_RATE = "3/h"
    for _ in range(3):
        response = client.get(csv_url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    refused = client.get(reverse("portal:figure-manifest", args=["F6"]))
    assert refused.status_code == 429
    assert "You have started many downloads" in refused.content.decode()
    other = client.get(csv_url, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_no_more_than_the_allowed_streams_run_at_once(client, settings, csv_url):
    settings.DOWNLOAD_STREAMS = 1
    cache.delete(downloads.STREAMS_KEY)
    first = client.get(csv_url)  # streaming: its slot is held until it is read to the end
    second = client.get(csv_url)
    assert second.status_code == 503
    assert second["Retry-After"] == str(downloads.RETRY_AFTER)
    b"".join(first.streaming_content)  # read to the end: the client closes it
    third = client.get(csv_url)
    assert third.status_code == 200
    b"".join(third.streaming_content)
    assert cache.get(downloads.STREAMS_KEY) == 0


def test_a_download_that_fails_gives_its_slot_back(client, settings):
    settings.DOWNLOAD_STREAMS = 1
    cache.delete(downloads.STREAMS_KEY)
    assert client.get("/figures/F99/records.csv").status_code == 404
    assert cache.get(downloads.STREAMS_KEY) == 0
