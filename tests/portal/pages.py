from django.urls import reverse

from tests.pages import Page

PAGES = [
    Page("home", lambda: reverse("portal:home"), 28),
    Page("search", lambda: reverse("portal:search") + "?q=%E5%8D%9A%E7%88%B1", 6),
    Page("districts", lambda: reverse("portal:districts"), 3),
    Page("district", lambda: reverse("portal:district", args=["liangxi"]), 14),
    Page("community", lambda: _community_url(), 10),
    Page("data", lambda: reverse("portal:data"), 25),
    Page("figure-money", lambda: reverse("portal:figure", args=["F13"]), 2),
    Page("figure-ratio", lambda: reverse("portal:figure", args=["F9"]), 14),
    Page("figure-stored", lambda: reverse("portal:figure", args=["F2.nationwide"]), 8),
    Page("figure-csv", lambda: reverse("portal:figure-csv", args=["F13"]), 2),
    Page("figure-manifest", lambda: reverse("portal:figure-manifest", args=["F13"]), 4),
    Page("dataset-csv", lambda: reverse("portal:dataset-csv", args=["donations"]), 2),
    Page("dataset-geojson", lambda: reverse("portal:dataset-geojson", args=["aed-sites"]), 2),
]


def _community_url():
    from apps.boai.models import BoaiHome

    home = BoaiHome.objects.active().select_related("district").order_by("pk").first()
    return reverse("portal:community", args=[home.district.code, home.community])
