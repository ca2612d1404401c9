from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from apps.core.tallies import Tally

from .models import ActivityTally, VolunteerActivity

ACTIVITIES = Tally(
    model=ActivityTally,
    records=lambda: VolunteerActivity.objects.all(),
    month=TruncMonth("held_on"),
    day_between=lambda qs, start, end: qs.held_between(start, end),
    day_year=ExtractYear("held_on"),
    dims={"district": F("district")},
    sums={"activities": Count("id"), "beneficiaries": Sum("beneficiaries")},
)
