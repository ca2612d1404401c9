from django.db.models import Count, Q, Sum

from apps.core.periods import Period

from .models import BoaiHome, ServiceSite, SiteKind, VolunteerActivity


def boai_home_counts() -> dict[str, int]:
    """F20: active Boai homes, and of them those named Jiangsu excellent Boai homes."""
    return BoaiHome.objects.active().aggregate(
        total=Count("id"), excellent=Count("id", filter=Q(excellent_year__isnull=False))
    )


def service_site_counts() -> dict[str, int]:
    """F21: active school life-safety halls and scenic-spot first-aid stations."""
    return ServiceSite.objects.filter(is_active=True).aggregate(
        safety_halls=Count("id", filter=Q(kind=SiteKind.SAFETY_HALL)),
        scenic_stations=Count("id", filter=Q(kind=SiteKind.SCENIC_STATION)),
    )


def volunteer_activity_totals(period: Period) -> dict[str, int]:
    """F22: volunteer activities held in the period and the person-times they served."""
    totals = VolunteerActivity.objects.held_between(period.start, period.end).aggregate(
        activities=Count("id"), beneficiaries=Sum("beneficiaries")
    )
    totals["beneficiaries"] = totals["beneficiaries"] or 0
    return totals
