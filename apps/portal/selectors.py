"""The headline figures of the article (F1–F24), each computed by its area's selector."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.aed.models import AedSite, Readiness, assess_readiness
from apps.aed.selectors import aeds_placed_by_year, nearest_available
from apps.boai.models import BoaiHome, VolunteerActivity
from apps.boai.selectors import volunteer_activities_by_year
from apps.core.models import District
from apps.core.periods import Period, reporting_period
from apps.donations.selectors import received_by_year
from apps.honors.models import Honor
from apps.organizations.models import Organization, OrganizationKind
from apps.training.models import TrainingSession
from apps.training.selectors import trainees_by_year, training_coverage_by_district

from .figures import FIGURES, figure_values


@dataclass(frozen=True)
class Figure:
    key: str  # the article's figure id, with a suffix where it has several values: F12.cornea
    label: str
    value: int | Decimal | None
    kind: str = "count"  # count | money | percent
    area: str = ""


def headline_figures(period: Period | None = None) -> list[Figure]:
    """Every figure of the article, valued by its definition (apps/portal/figures.py)."""
    period = period or reporting_period()
    values = figure_values(period)
    return [
        Figure(figure.key, figure.label, values[figure.key], figure.kind, figure.area)
        for figure in FIGURES
    ]


def district_overview(district: District, period: Period | None = None) -> dict:
    """What a district has, joined across the areas, for its community page."""
    period = period or reporting_period()
    organizations = dict(
        Organization.objects.active()
        .in_district(district)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    homes = BoaiHome.objects.active().in_district(district).with_latest_rating().order_by("name")
    readiness = Counter(
        assess_readiness(*row, today=timezone.localdate())
        for row in AedSite.objects.in_district(district)
        .with_last_inspection()
        .values_list(
            "status", "last_inspected_on", "last_result", "battery_expires_on", "pads_expire_on"
        )
    )
    coverage = next(
        row for row in training_coverage_by_district(period) if row["district"].pk == district.pk
    )
    sessions = (
        TrainingSession.objects.in_district(district)
        .filter(starts_at__lte=timezone.now())
        .select_related("base")
        .order_by("-starts_at")[:5]
    )
    return {
        "organizations": [
            (label, organizations[kind])
            for kind, label in OrganizationKind.choices
            if kind in organizations
        ],
        "branch": Organization.objects.active()
        .in_district(district)
        .filter(kind=OrganizationKind.BRANCH)
        .first(),
        "homes": homes,
        "aed_readiness": [(state, readiness.get(state, 0)) for state in Readiness],
        "coverage": coverage,
        "sessions": sessions,
    }


SEARCH_LIMIT = 10


def site_search(query: str) -> list[tuple[str, str, list]]:
    """Published records whose names contain `query`, area by area (at most ten of each)."""
    return [
        (
            "honors",
            _("Honors"),
            list(Honor.objects.published().filter(title__icontains=query)[:SEARCH_LIMIT]),
        ),
        (
            "organizations",
            _("Grassroots organizations"),
            list(
                Organization.objects.active()
                .filter(name__icontains=query)
                .select_related("district")[:SEARCH_LIMIT]
            ),
        ),
        (
            "aed",
            _("Public AEDs"),
            list(
                AedSite.objects.in_service()
                .filter(Q(name__icontains=query) | Q(address__icontains=query))
                .select_related("district")[:SEARCH_LIMIT]
            ),
        ),
        (
            "boai",
            _("Boai homes"),
            list(
                BoaiHome.objects.active()
                .filter(Q(name__icontains=query) | Q(community__icontains=query))
                .select_related("district")[:SEARCH_LIMIT]
            ),
        ),
    ]


@dataclass(frozen=True)
class Chart:
    caption: str
    series: list[tuple[int, int | Decimal]]
    kind: str = "count"
    value_header: str = ""


def home_charts(period: Period | None = None) -> list[Chart]:
    """The main series per year, each from its area's selector."""
    period = period or reporting_period()
    trainees = trainees_by_year(period)
    return [
        Chart(
            _("Money and goods raised per year"),
            [(row["year"], row["total"]) for row in received_by_year(period)],
            "money",
            _("raised"),
        ),
        Chart(
            _("People trained per year (certified and awareness)"),
            [(row["year"], row["certified"] + row["awareness"]) for row in trainees],
            value_header=_("trained"),
        ),
        Chart(
            _("AEDs placed in public places per year"),
            [(row["year"], row["placed"]) for row in aeds_placed_by_year(period)],
            value_header=_("placed"),
        ),
        Chart(
            _("Volunteer activities per year"),
            [(row["year"], row["activities"]) for row in volunteer_activities_by_year(period)],
            value_header=_("activities"),
        ),
    ]


def community_overview(district: District, community: str) -> dict | None:
    """What a community with a Boai home has: its homes, the AEDs nearest to them, its Red
    Cross organizations and recent volunteer activities. None when no home is there."""
    homes = list(
        BoaiHome.objects.active()
        .in_district(district)
        .filter(community=community)
        .with_latest_rating()
        .prefetch_related("services")
        .order_by("name")
    )
    if not homes:
        return None
    first = homes[0]
    return {
        "homes": homes,
        "aeds": nearest_available(float(first.latitude), float(first.longitude), count=5),
        "organizations": Organization.objects.active()
        .in_district(district)
        .filter(name__contains=community)
        .order_by("name"),
        "activities": VolunteerActivity.objects.filter(home__in=homes)
        .select_related("home")
        .order_by("-held_on", "-pk")[:10],
    }
