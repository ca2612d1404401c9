from django.urls import reverse

from apps.organizations.models import Organization, OrganizationKind
from tests.pages import Page


def _detail_url(kind):
    def url():
        organization = Organization.objects.active().of_kind(kind).order_by("pk").first()
        return reverse("organizations:detail", args=[organization.pk])

    return url


PAGES = [
    Page("organizations-index", lambda: reverse("organizations:index"), 5),
    Page("organizations-list", lambda: reverse("organizations:list"), 5),
    Page(
        "organizations-list-filtered",
        lambda: reverse("organizations:list") + "?kind=volunteer_team&district=liangxi&q=志愿",
        5,
    ),
    Page("organizations-detail", _detail_url(OrganizationKind.SCHOOL), 4),
    Page("organizations-detail-rescue-team", _detail_url(OrganizationKind.RESCUE_TEAM), 6),
    Page("organizations-rescue", lambda: reverse("organizations:rescue"), 4),
]
