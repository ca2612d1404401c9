from apps.core.periods import Period

from .models import Honor, HonorCategory, HonorLevel, RecipientKind

COUNTED_LEVELS = (HonorLevel.NATIONAL, HonorLevel.PROVINCIAL, HonorLevel.MUNICIPAL)


def honors_counted(period: Period):
    """F1: published honors at national, provincial or municipal level conferred in the period."""
    return (
        Honor.objects.published()
        .at_levels(*COUNTED_LEVELS)
        .conferred_between(period.start, period.end)
    )


def featured_honor() -> Honor | None:
    """F2: the headline honor, with how many units received it nationwide and in Jiangsu."""
    return Honor.objects.published().filter(is_featured=True).order_by("-conferred_on").first()


def national_pilot_schools():
    """F24: schools designated national first-aid education pilots (distinct schools)."""
    return (
        Honor.objects.published()
        .filter(
            level=HonorLevel.NATIONAL,
            category=HonorCategory.DESIGNATION,
            recipient_kind=RecipientKind.SCHOOL,
        )
        .values("organization")
        .distinct()
    )


def published_honors():
    """Published honors newest first, with what a list entry shows (recipient, conferring bodies)."""
    return (
        Honor.objects.published()
        .select_related("organization", "boai_home")
        .prefetch_related("conferred_by")
        .order_by("-conferred_on", "-pk")
    )


def honor_years() -> list[int]:
    """The years in which published honors were conferred, newest first."""
    return [
        day.year for day in Honor.objects.published().dates("conferred_on", "year", order="DESC")
    ]
