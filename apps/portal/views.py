from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import District
from apps.core.periods import reporting_period
from apps.honors.models import Honor

from .forms import SearchForm
from .selectors import (
    community_overview,
    district_overview,
    headline_figures,
    home_charts,
    site_search,
)

AREAS = [
    ("honors", _("Honors")),
    ("organizations", _("Grassroots organizations")),
    ("aed", _("Public AEDs")),
    ("training", _("First-aid training")),
    ("donations", _("Donations and aid")),
    ("boai", _("Boai homes and volunteers")),
]


def home(request):
    period = reporting_period()
    figures = headline_figures(period)
    groups = [(key, title, [f for f in figures if f.area == key]) for key, title in AREAS]
    charts = home_charts(period)
    latest_honors = (
        Honor.objects.published()
        .select_related("organization", "boai_home")
        .order_by("-conferred_on", "-pk")[:5]
    )
    return render(
        request,
        "portal/home.html",
        {
            "period": period,
            "groups": groups,
            "latest_honors": latest_honors,
            "charts": charts,
            "as_of": timezone.localtime(),
        },
    )


def district_list(request):
    return render(request, "portal/district_list.html", {"districts": District.objects.all()})


def district_detail(request, code):
    district = get_object_or_404(District, code=code)
    period = reporting_period()
    return render(
        request,
        "portal/district_detail.html",
        {"district": district, "period": period, **district_overview(district, period)},
    )


def search(request):
    form = SearchForm(request.GET or None)
    results = site_search(form.cleaned_data["q"]) if form.is_valid() else None
    found = bool(results) and any(items for _area, _title, items in results)
    return render(request, "portal/search.html", {"form": form, "results": results, "found": found})


def community_detail(request, code, community):
    district = get_object_or_404(District, code=code)
    overview = community_overview(district, community)
    if overview is None:
        raise Http404("No Boai home in this community.")
    return render(
        request,
        "portal/community_detail.html",
        {"district": district, "community": community, **overview},
    )
