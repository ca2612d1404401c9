from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from apps.core.models import District
from apps.core.periods import reporting_period

from .forms import OrganizationFilterForm
from .models import Organization, OrganizationKind
from .selectors import (
    organization_counts,
    organizations_by_district_and_kind,
    organizations_listed,
    rescue_operation_totals,
    rescue_team_totals,
    rescue_teams,
)

PER_PAGE = 50
OPERATIONS_PER_PAGE = 20


@require_safe
def index(request):
    """Active organizations by district and kind, and the area's headline figures."""
    period = reporting_period()
    context = {
        "period": period,
        "table": organizations_by_district_and_kind(),
        "counts": organization_counts(),
        "rescue": rescue_operation_totals(period),
        "kinds": OrganizationKind,
    }
    return render(request, "organizations/index.html", context)


@require_safe
def organization_list(request):
    """Active organizations, searched by name and filtered by district and kind."""
    districts = list(District.objects.all())
    form = OrganizationFilterForm(request.GET or None, districts=districts)
    invalid = form.is_bound and not form.is_valid()
    data = getattr(form, "cleaned_data", {})
    district = next((d for d in districts if d.code == data.get("district")), None)
    organizations = organizations_listed(
        districts, q=data.get("q", ""), district=district, kind=data.get("kind", "")
    )
    paginator = Paginator(organizations, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj}
    return render(request, "organizations/list.html", context, status=400 if invalid else 200)


@require_safe
def detail(request, pk):
    """One active organization, without its contact person or phone; a rescue team's operations."""
    organization = get_object_or_404(
        Organization.objects.active().select_related("district", "parent"), pk=pk
    )
    context = {
        "organization": organization,
        "honors": organization.honors.published().order_by("-conferred_on", "-pk"),
    }
    if organization.kind == OrganizationKind.RESCUE_TEAM:
        totals = rescue_team_totals(organization)
        context["operation_beneficiaries"] = totals["beneficiaries"]
        paginator = Paginator(
            organization.operations.order_by("-started_on", "-pk"), OPERATIONS_PER_PAGE
        )
        paginator.count = totals["operations"]  # from the tally, not COUNT(*)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
    return render(request, "organizations/detail.html", context)


@require_safe
def rescue(request):
    """The rescue teams with how many operations each ran and the people those benefited."""
    teams = rescue_teams()
    period = reporting_period()
    context = {
        "teams": teams,
        "operations": sum(team.operation_count for team in teams),
        "beneficiaries": sum(team.beneficiary_total for team in teams),
        "period": period,
        "rescue": rescue_operation_totals(period),
    }
    return render(request, "organizations/rescue.html", context)
