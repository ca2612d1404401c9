from django.db.models import Count, Q, Sum

from apps.core.periods import Period

from .models import Organization, OrganizationKind, RescueOperation


def organization_counts() -> dict[str, int]:
    """F3, F4, F23: active grassroots organizations in all, and of the kinds the article names."""
    return Organization.objects.active().aggregate(
        total=Count("id"),
        rescue_teams=Count("id", filter=Q(kind=OrganizationKind.RESCUE_TEAM)),
        volunteer_teams=Count("id", filter=Q(kind=OrganizationKind.VOLUNTEER_TEAM)),
        volunteer_bases=Count("id", filter=Q(kind=OrganizationKind.VOLUNTEER_BASE)),
        model_schools=Count("id", filter=Q(kind=OrganizationKind.SCHOOL, is_model_school=True)),
    )


def rescue_operation_totals(period: Period) -> dict[str, int]:
    """F5: rescue operations started in the period and the people they benefited."""
    totals = RescueOperation.objects.started_between(period.start, period.end).aggregate(
        operations=Count("id"), beneficiaries=Sum("beneficiaries")
    )
    totals["beneficiaries"] = totals["beneficiaries"] or 0
    return totals
