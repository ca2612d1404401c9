from django.urls import reverse

from apps.honors.models import Honor
from tests.pages import Page


def _featured_honor_url():
    honor = Honor.objects.published().filter(is_featured=True).order_by("pk").first()
    return reverse("honors:detail", args=[honor.pk])


def _team_honor_url():
    honor = Honor.objects.published().filter(organization__isnull=False).order_by("pk").first()
    return reverse("honors:detail", args=[honor.pk])


PAGES = [
    Page("honors-index", lambda: reverse("honors:index"), 8),
    Page("honors-detail", _featured_honor_url, 4),
    Page("honors-detail-organization", _team_honor_url, 4),
    Page("honors-feed", lambda: reverse("honors:feed"), 3),
]
