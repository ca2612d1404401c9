from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from apps.core.models import PopulationRecord
from apps.core.periods import Period

from .models import ModelRating, Trainee, TrainingBase, TrainingBaseline, TrainingSession


def certified_trainees(period: Period):
    """F7: certificates issued in the period (person-times)."""
    return Trainee.objects.issued_between(period.start, period.end)


def awareness_trainees(period: Period) -> int:
    """F8: people counted at awareness sessions held in the period."""
    total = (
        TrainingSession.objects.awareness()
        .held_between(period.start, period.end)
        .aggregate(total=Sum("headcount"))["total"]
    )
    return total or 0


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
    certified = certified_trainees(period).count()
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
