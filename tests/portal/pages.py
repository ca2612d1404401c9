from django.urls import reverse

from tests.pages import Page

PAGES = [
    Page("home", lambda: reverse("portal:home"), 25),
    Page("districts", lambda: reverse("portal:districts"), 3),
    Page("district", lambda: reverse("portal:district", args=["liangxi"]), 14),
]
