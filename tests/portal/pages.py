from django.urls import reverse

from tests.pages import Page

PAGES = [
    Page("home", lambda: reverse("portal:home"), 25),
]
