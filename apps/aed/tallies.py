from django.db.models import Count, F
from django.db.models.functions import ExtractYear, TruncMonth

from apps.core.tallies import Tally

from .models import AedSite, AedStatusTally, AedTally

AEDS = Tally(
    model=AedTally,
    records=lambda: AedSite.objects.all(),
    month=TruncMonth("installed_on"),
    day_between=lambda qs, start, end: qs.installed_between(start, end),
    day_year=ExtractYear("installed_on"),
    dims={"district": F("district")},
    sums={"placed": Count("id")},
)

STATUSES = Tally(
    model=AedStatusTally,
    records=lambda: AedSite.objects.all(),
    dims={"district": F("district"), "venue_type": F("venue_type"), "status": F("status")},
    sums={"sites": Count("id")},
)
