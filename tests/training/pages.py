from django.urls import reverse

from tests.pages import Page

PAGES: list[Page] = [
    Page("training:index", lambda: reverse("training:index"), 10),
    Page("training:certificate", lambda: reverse("training:certificate"), 1),
]
