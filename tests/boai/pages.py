from django.urls import reverse

from apps.boai.models import BoaiHome
from tests.pages import Page


def _first_home_url():
    home = BoaiHome.objects.active().order_by("pk").first()
    return reverse("boai:detail", args=[home.pk])


PAGES: list[Page] = [
    Page("boai:index", lambda: reverse("boai:index"), 8),
    Page(
        "boai:index-filtered",
        lambda: reverse("boai:index") + "?district=liangxi&stars=4&excellent=yes&page=2",
        8,
    ),
    Page("boai:detail", _first_home_url, 7),
]
