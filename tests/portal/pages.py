from django.urls import reverse

from tests.pages import Page

PAGES = [
    Page("home", lambda: reverse("portal:home"), 28),
    Page("search", lambda: reverse("portal:search") + "?q=%E5%8D%9A%E7%88%B1", 6),
    Page("districts", lambda: reverse("portal:districts"), 3),
    Page("district", lambda: reverse("portal:district", args=["liangxi"]), 14),
    Page("community", lambda: _community_url(), 12),
]


def _community_url():
    from apps.boai.models import BoaiHome

    home = BoaiHome.objects.active().select_related("district").order_by("pk").first()
    return reverse("portal:community", args=[home.district.code, home.community])
