"""The headline figures of the article (F1–F24), each computed by its area's selector."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.aed.models import (
    INSPECTION_INTERVAL,
    AedSite,
    DeviceStatus,
    InspectionResult,
    Readiness,
)
from apps.aed.selectors import nearest_available
from apps.boai.models import BoaiHome, VolunteerActivity
from apps.core.bigram import name_contains
from apps.core.models import District
from apps.core.periods import Period, reporting_period
from apps.honors.models import Honor
from apps.organizations.models import Organization, OrganizationKind, OrganizationTally
from apps.training.models import SessionKind, TrainingSession
from apps.training.selectors import training_coverage_by_district

from . import snapshot
from .figures import FIGURES


@dataclass(frozen=True)
class Figure:
    key: str  # the article's figure id, with a suffix where it has several values: F12.cornea
    label: str
    value: int | Decimal | None
    kind: str = "count"  # count | money | percent
    area: str = ""


def headline_figures(period: Period | None = None, values: dict | None = None) -> list[Figure]:
    """Every figure of the article, valued by its definition (apps/portal/figures.py), or
    taken from `values` (key -> value) when given."""
    period = period or reporting_period()
    values = snapshot.read(period, series=False).figures if values is None else values
    return [
        Figure(figure.key, figure.label, values[figure.key], figure.kind, figure.area)
        for figure in FIGURES
    ]


# The district page lists this many Boai homes and links to the full, paginated list.
DISTRICT_HOMES_SHOWN = 12


def aed_readiness_counts(district: District, today) -> dict[str, int]:
    """AED sites of the district per readiness state, counted by the database with the
    rules of `assess_readiness` (first rule that holds wins; an unknown date breaks none).

    One grouped count over the district's sites, from the newest inspection's facts each
    site keeps (apps.aed.newest), all of them in the index `aed_site_readiness`: on
    PostgreSQL the count reads that index alone. It still reads every site of the
    district: the states move with the calendar, so no tally keeps them.
    """
    out, overdue = Readiness.OUT_OF_SERVICE.value, Readiness.CHECK_OVERDUE.value
    state = Case(
        When(~Q(status=DeviceStatus.IN_SERVICE), then=Value(out)),
        When(last_result=InspectionResult.FAULT, then=Value(out)),
        When(battery_expires_on__lt=today, then=Value(out)),
        When(pads_expire_on__lt=today, then=Value(out)),
        When(last_inspected_on__isnull=True, then=Value(overdue)),
        When(last_inspected_on__lt=today - INSPECTION_INTERVAL, then=Value(overdue)),
        default=Value(Readiness.READY.value),
        output_field=CharField(),
    )
    return dict(
        AedSite.objects.in_district(district)
        .annotate(state=state)
        .order_by()
        .values("state")
        .annotate(n=Count("*"))
        .values_list("state", "n")
    )


RECENT_SESSIONS = 5


def recent_sessions(district: District) -> list:
    """The district's latest sessions already begun, newest first. Read kind by kind, each
    from the end of the index (district, kind, starts_at): ordering all of a district's
    sessions by start would read every one of them."""
    now = timezone.now()
    found = [
        session
        for kind in SessionKind.values
        for session in TrainingSession.objects.in_district(district)
        .filter(kind=kind, starts_at__lte=now)
        .select_related("base")
        .order_by("-starts_at")[:RECENT_SESSIONS]
    ]
    return sorted(found, key=lambda session: session.starts_at, reverse=True)[:RECENT_SESSIONS]


def district_overview(district: District, period: Period | None = None) -> dict:
    """What a district has, joined across the areas, for its community page."""
    period = period or reporting_period()
    organizations = dict(
        OrganizationTally.objects.filter(district=district)
        .order_by()
        .values("kind")
        .annotate(n=Sum("organizations"))
        .values_list("kind", "n")
    )
    homes = BoaiHome.objects.active().in_district(district).order_by("name")
    readiness = aed_readiness_counts(district, timezone.localdate())
    coverage = next(
        row for row in training_coverage_by_district(period) if row["district"].pk == district.pk
    )
    sessions = recent_sessions(district)
    return {
        "organizations": [
            (label, organizations[kind])
            for kind, label in OrganizationKind.choices
            if organizations.get(kind)
        ],
        "branch": Organization.objects.active()
        .in_district(district)
        .filter(kind=OrganizationKind.BRANCH)
        .first(),
        "homes": list(homes[: DISTRICT_HOMES_SHOWN + 1]),
        "homes_shown": DISTRICT_HOMES_SHOWN,
        "aed_readiness": [(state, readiness.get(state.value, 0)) for state in Readiness],
        "coverage": coverage,
        "sessions": sessions,
    }


SEARCH_LIMIT = 10


def _by_district(records) -> list:
    return sorted(records, key=lambda record: (record.district.sort_order, record.name, record.pk))


def site_search(query: str) -> list[tuple[str, str, list]]:
    """Published records whose names contain `query`, area by area (at most ten of each).

    Case is ignored; names and addresses are looked up by their character pairs on
    PostgreSQL (apps/core/bigram.py: `name_contains`). Each area is read in the order of
    its scan (or of an index), so that a common word stops at the tenth match instead of
    sorting every match; those ten are shown in the usual order.
    """

    def matching(*fields):
        return name_contains(fields, query, ignore_case=True)

    return [
        (
            "honors",
            _("Honors"),
            list(Honor.objects.published().filter(matching("title"))[:SEARCH_LIMIT]),
        ),
        (
            "organizations",
            _("Grassroots organizations"),
            _by_district(
                Organization.objects.active()
                .filter(matching("name"))
                .select_related("district")
                .order_by()[:SEARCH_LIMIT]
            ),
        ),
        (
            "aed",
            _("Public AEDs"),
            _by_district(
                AedSite.objects.in_service()
                .filter(matching("name", "address"))
                .select_related("district")
                .order_by()[:SEARCH_LIMIT]
            ),
        ),
        (
            "boai",
            _("Boai homes"),
            list(
                BoaiHome.objects.active()
                .filter(matching("name", "community"))
                .select_related("district")
                .order_by("name")[:SEARCH_LIMIT]  # names are unique: their index
            ),
        ),
    ]


@dataclass(frozen=True)
class Chart:
    caption: str
    series: list[tuple[int, int | Decimal]]
    kind: str = "count"
    value_header: str = ""


def home_charts(period: Period | None = None, series: dict | None = None) -> list[Chart]:
    """The main series per year (apps/portal/snapshot.py: `compute`), or those of `series`."""
    series = snapshot.read(period or reporting_period()).series if series is None else series
    return [
        Chart(_("Money and goods raised per year"), series["raised"], "money", _("raised")),
        Chart(
            _("People trained per year (certified and awareness)"),
            series["trained"],
            value_header=_("trained"),
        ),
        Chart(
            _("AEDs placed in public places per year"),
            series["placed"],
            value_header=_("placed"),
        ),
        Chart(
            _("Volunteer activities per year"),
            series["activities"],
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
        .filter(name_contains(["name"], community))
        .order_by("name"),
        "activities": VolunteerActivity.objects.filter(home__in=homes)
        .select_related("home")
        .order_by("-held_on", "-pk")[:10],
    }
