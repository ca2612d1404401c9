from django.urls import reverse

from tests.pages import Page

PAGES = [
    Page("home", lambda: reverse("portal:home"), 28),
    Page("search", lambda: reverse("portal:search") + "?q=%E5%8D%9A%E7%88%B1", 6),
    Page("districts", lambda: reverse("portal:districts"), 3),
    Page("district", lambda: reverse("portal:district", args=["liangxi"]), 14),
]
