from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from apps.core.tallies import Tally

from .models import ActivityTally, BoaiHome, BoaiHomeTally, VolunteerActivity

ACTIVITIES = Tally(
    model=ActivityTally,
    records=lambda: VolunteerActivity.objects.all(),
    month=TruncMonth("held_on"),
    day_between=lambda qs, start, end: qs.held_between(start, end),
    day_year=ExtractYear("held_on"),
    dims={"district": F("district")},
    sums={"activities": Count("id"), "beneficiaries": Sum("beneficiaries")},
)

HOMES = Tally(
    model=BoaiHomeTally,
    records=lambda: BoaiHome.objects.active(),
    dims={
        "district": F("district"),
        "excellent": ExpressionWrapper(Q(excellent_year__isnull=False), BooleanField()),
    },
    sums={"homes": Count("id")},
)
