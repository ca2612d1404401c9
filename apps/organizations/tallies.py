from django.db.models import Count, F

from apps.core.tallies import Tally

from .models import Organization, OrganizationTally

ORGANIZATIONS = Tally(
    model=OrganizationTally,
    records=lambda: Organization.objects.active(),
    dims={"district": F("district"), "kind": F("kind"), "is_model_school": F("is_model_school")},
    sums={"organizations": Count("id")},
)
