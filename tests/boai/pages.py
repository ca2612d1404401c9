from django.urls import reverse

from apps.boai.models import BoaiHome
from tests.pages import Page


def _first_home_url():
    home = BoaiHome.objects.active().order_by("pk").first()
    return reverse("boai:detail", args=[home.pk])


PAGES: list[Page] = [
    Page("boai:index", lambda: reverse("boai:index"), 6),
    Page(
        "boai:index-filtered",
        lambda: reverse("boai:index") + "?district=liangxi&stars=4&excellent=yes&page=2",
        6,
    ),
    Page("boai:detail", _first_home_url, 7),
    # the map's markers: the districts (to check the filter), the homes in the box
    Page("boai:geojson", lambda: reverse("boai:geojson") + "?bbox=120.2,31.5,120.4,31.65", 2),
    Page(
        "boai:geojson-filtered",
        lambda: (
            reverse("boai:geojson")
            + "?bbox=119.3,31.0,120.9,32.2&district=liangxi&stars=4&excellent=yes"
        ),
        2,
    ),
]
