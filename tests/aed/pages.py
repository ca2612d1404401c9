from django.urls import reverse

from apps.aed.models import AedSite, DeviceStatus
from tests.pages import Page


def _detail_url():
    site = AedSite.objects.filter(status=DeviceStatus.IN_SERVICE).order_by("pk").first()
    return reverse("aed:detail", args=[site.pk])


PAGES: list[Page] = [
    Page("aed:index", lambda: reverse("aed:index"), 6),
    Page(
        "aed:index filtered",
        lambda: reverse("aed:index") + "?district=liangxi&venue=mall&open_now=on&all_day=on&page=2",
        8,
    ),
    Page("aed:nearest", lambda: reverse("aed:nearest") + "?lat=31.5689&lng=120.2994", 5),
    Page("aed:detail", _detail_url, 3),
    Page("aed:geojson", lambda: reverse("aed:geojson") + "?bbox=120.2,31.5,120.4,31.65", 3),
]
