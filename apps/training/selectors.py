from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from apps.core.models import District, PopulationRecord
from apps.core.periods import Period
from apps.core.tallies import tally_totals

from .models import ModelRating, Trainee, TrainingBase, TrainingBaseline, TrainingSession
from .tallies import AWARENESS, TRAINEES

# Years of sessions are counted on the local calendar whatever the active time zone.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def certified_trainees(period: Period):
    """F7: certificates issued in the period (person-times)."""
    return Trainee.objects.issued_between(period.start, period.end)


def awareness_trainees(period: Period) -> int:
    """F8: people counted at awareness sessions held in the period."""
    return tally_totals(AWARENESS, period.start, period.end)["headcount"]


def awareness_sessions(period: Period) -> int:
    """The awareness sessions held in the period (the records behind F8)."""
    return tally_totals(AWARENESS, period.start, period.end)["sessions"]


def registered_population(year: int) -> int:
    """Registered population of all districts, each at its latest record up to `year`."""
    latest = (
        PopulationRecord.objects.filter(district=OuterRef("district"), year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    rows = PopulationRecord.objects.filter(year=Subquery(latest))
    return rows.aggregate(total=Sum("registered_population"))["total"] or 0


def training_coverage(period: Period) -> dict:
    """F9: everyone trained to the period's end against the registered population.

    Trained = the baseline carried over from before the period (TrainingBaseline)
    + certified + awareness trainees of the period. Percent with one decimal.
    """
    baseline = TrainingBaseline.objects.aggregate(total=Sum("people_trained"))["total"] or 0
    # certified_trainees(period).count(), from the tally
    certified = tally_totals(TRAINEES, period.start, period.end)["trainees"]
    awareness = awareness_trainees(period)
    population = registered_population(period.end.year)
    trained = baseline + certified + awareness
    percent = (
        (Decimal(trained) * 100 / population).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if population
        else None
    )
    return {
        "baseline": baseline,
        "certified": certified,
        "awareness": awareness,
        "trained": trained,
        "population": population,
        "percent": percent,
    }


def training_base_counts() -> dict[str, int]:
    """F10: active training bases, and of them those rated national or provincial model bases."""
    return TrainingBase.objects.filter(is_active=True).aggregate(
        total=Count("id"),
        model_bases=Count(
            "id", filter=Q(model_rating__in=[ModelRating.NATIONAL, ModelRating.PROVINCIAL])
        ),
    )


def trainees_by_year(period: Period) -> list[dict]:
    """F7 and F8 per calendar year of the period: certificates by the day they were issued,
    awareness headcounts by the day (in Asia/Shanghai) the session started.

    One query per series, from the tallies; years with neither are left out.
    """
    certified = {
        row["year"]: row["trainees"]
        for row in tally_totals(TRAINEES, period.start, period.end, by=("year",))
    }
    awareness = {
        row["year"]: row["headcount"]
        for row in tally_totals(AWARENESS, period.start, period.end, by=("year",))
    }
    return [
        {"year": year, "certified": certified.get(year, 0), "awareness": awareness.get(year, 0)}
        for year in sorted(certified.keys() | awareness.keys())
    ]


def _population_by_district(year: int) -> dict[int, int]:
    """Registered population per district at its latest record up to `year` (as `registered_population`)."""
    latest = (
        PopulationRecord.objects.filter(district=OuterRef("district"), year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    return dict(
        PopulationRecord.objects.filter(year=Subquery(latest)).values_list(
            "district_id", "registered_population"
        )
    )


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def training_coverage_by_district(period: Period) -> list[dict]:
    """F9 per district, with the definition of `training_coverage`: the district's baseline
    + certified trainees of its sessions + awareness headcounts of its sessions, over its
    registered population. Every district is listed, so the rows add up to the total.
    """
    certified = {
        row["district"]: row["trainees"]
        for row in tally_totals(TRAINEES, period.start, period.end, by=("district",))
    }
    awareness = {
        row["district"]: row["headcount"]
        for row in tally_totals(AWARENESS, period.start, period.end, by=("district",))
    }
    baseline = dict(TrainingBaseline.objects.values_list("district_id", "people_trained"))
    population = _population_by_district(period.end.year)
    rows = []
    for district in District.objects.all():
        row = {
            "district": district,
            "baseline": baseline.get(district.pk, 0),
            "certified": certified.get(district.pk, 0),
            "awareness": awareness.get(district.pk, 0) or 0,
            "population": population.get(district.pk, 0),
        }
        row["trained"] = row["baseline"] + row["certified"] + row["awareness"]
        row["percent"] = _percent(row["trained"], row["population"])
        rows.append(row)
    return rows


def coverage_from_districts(rows: list[dict]) -> dict:
    """`training_coverage` added up from the rows of `training_coverage_by_district`, which
    list every district: a page that shows both reads the tallies and population once."""
    total = {
        key: sum(row[key] for row in rows)
        for key in ("baseline", "certified", "awareness", "population")
    }
    total["trained"] = total["baseline"] + total["certified"] + total["awareness"]
    total["percent"] = _percent(total["trained"], total["population"])
    return total


def training_bases():
    """Active training bases with their district, for the public list."""
    return TrainingBase.objects.filter(is_active=True).select_related("district")


def upcoming_public_sessions(now: datetime, limit: int = 20):
    """Sessions open for public sign-up that start after `now`, soonest first."""
    return (
        TrainingSession.objects.filter(is_open_to_public=True, starts_at__gt=now)
        .select_related("base", "district")
        .only(
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "place",
            "base__name",
            "district__name",
            "district__name_en",
        )
        .order_by("starts_at", "pk")[:limit]
    )


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    NOT_FOUND = "not_found"


def certificate_check(
    *, number: str, name: str, today: date
) -> tuple[CertificateStatus, date | None]:
    """Whether a certificate with this number was issued to this name, and until when.

    Answers only valid/expired with the expiry date, or not found: a wrong name and an
    unknown number give the same answer, so the check reveals nothing else.
    """
    row = (
        Trainee.objects.filter(certificate_number=number.strip(), name=name.strip())
        .values_list("issued_on", "expires_on")
        .first()
    )
    if row is None:
        return CertificateStatus.NOT_FOUND, None
    issued_on, expires_on = row
    if issued_on <= today <= expires_on:
        return CertificateStatus.VALID, expires_on
    if expires_on < today:
        return CertificateStatus.EXPIRED, expires_on
    # Issued after `today` (a record entered ahead of time): not yet a certificate.
    return CertificateStatus.NOT_FOUND, None
