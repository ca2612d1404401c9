from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from apps.core.tallies import Tally

from .models import OperationTally, Organization, OrganizationTally, RescueOperation

ORGANIZATIONS = Tally(
    model=OrganizationTally,
    records=lambda: Organization.objects.active(),
    dims={"district": F("district"), "kind": F("kind"), "is_model_school": F("is_model_school")},
    sums={"organizations": Count("id")},
)

OPERATIONS = Tally(
    model=OperationTally,
    records=lambda: RescueOperation.objects.all(),
    month=TruncMonth("started_on"),
    day_between=lambda qs, start, end: qs.started_between(start, end),
    day_year=ExtractYear("started_on"),
    dims={"team": F("team")},
    sums={"operations": Count("id"), "beneficiaries": Sum("beneficiaries")},
)
