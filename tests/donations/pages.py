from django.db.models import Count
from django.urls import reverse

from apps.donations.models import Project
from tests.pages import Page


def _project_url():
    # The project with the most payments, so that its page is paginated.
    project = Project.objects.annotate(n=Count("disbursements")).order_by("-n", "pk").first()
    return reverse("donations:project", args=[project.pk])


PAGES = [
    Page("donations:index", lambda: reverse("donations:index"), 14),
    Page("donations:list", lambda: reverse("donations:list"), 6),
    Page(
        "donations:list-filtered",
        lambda: reverse("donations:list") + "?year=2021&fund=general&kind=money&page=3",
        6,
    ),
    Page("donations:funds", lambda: reverse("donations:funds"), 2),
    Page("donations:aid", lambda: reverse("donations:aid"), 3),
    Page("donations:project", _project_url, 3),
    Page("donations:receipt", lambda: reverse("donations:receipt"), 2),
]
