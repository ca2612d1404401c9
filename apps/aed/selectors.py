from apps.core.periods import Period

from .models import AedSite


def aeds_placed(period: Period):
    """F6: AED units installed in public places during the period, whatever their state now."""
    return AedSite.objects.installed_between(period.start, period.end)
