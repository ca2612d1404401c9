from dataclasses import dataclass
from datetime import date

from django.conf import settings


@dataclass(frozen=True)
class Period:
    """An inclusive range of days that a figure counts."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def reporting_period() -> Period:
    """The "last five years" of the article, as configured (PORTAL_PERIOD_START/END)."""
    return Period(settings.PORTAL_PERIOD_START, settings.PORTAL_PERIOD_END)
