from zoneinfo import ZoneInfo

from django.db.models import Count, DateField, F, Sum
from django.db.models.functions import ExtractYear, Trunc, TruncMonth

from apps.core.tallies import Tally

from .models import AwarenessTally, Trainee, TraineeTally, TrainingSession

SHANGHAI = ZoneInfo("Asia/Shanghai")

TRAINEES = Tally(
    model=TraineeTally,
    records=lambda: Trainee.objects.all(),
    month=TruncMonth("issued_on"),
    day_between=lambda qs, start, end: qs.issued_between(start, end),
    day_year=ExtractYear("issued_on"),
    dims={"district": F("session__district")},
    sums={"trainees": Count("id")},
    follows={TrainingSession: "session"},
)

AWARENESS = Tally(
    model=AwarenessTally,
    records=lambda: TrainingSession.objects.awareness(),
    month=Trunc("starts_at", "month", output_field=DateField(), tzinfo=SHANGHAI),
    day_between=lambda qs, start, end: qs.held_between(start, end),
    day_year=ExtractYear("starts_at", tzinfo=SHANGHAI),
    dims={"district": F("district")},
    sums={"sessions": Count("id"), "headcount": Sum("headcount")},
)
