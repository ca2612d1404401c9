from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.jsonout import LITERAL, feature_collection, json_response, string
from apps.core.links import pk_url
from apps.core.models import District
from apps.core.periods import reporting_period

from .forms import BoaiHomeFilterForm, BoaiHomeMapForm
from .models import STAR_THRESHOLDS
from .selectors import (
    boai_home_activities,
    boai_home_counts,
    boai_home_detail_queryset,
    boai_home_list,
    boai_homes_by_district,
    boai_homes_in_bbox,
    rating_breakdown,
    service_site_counts,
    volunteer_activity_totals,
)

HOMES_PER_PAGE = 20
ACTIVITIES_PER_PAGE = 10
# The map asks for its view's box; past this many homes it is told to zoom in, as the AED
# map is. More markers cannot be told apart on a screen; a feature is at most about 500
# bytes (a name of 120 characters), so an answer stays far below 1 MB.
MAX_FEATURES = 300
# A home on the map, GeoJSON written by format: a few hundred a request, this takes half
# the time of building dicts for json.dumps. Coordinates are longitude first, the stored
# decimals written as they are.
_FEATURE = (
    '{"type":"Feature","id":%d,"geometry":{"type":"Point","coordinates":[%s,%s]},'
    '"properties":{"name":%s,"url":%s,"excellent":%s}}'
)


def index(request):
    period = reporting_period()
    by_district = list(boai_homes_by_district())
    form = BoaiHomeFilterForm(request.GET or None, districts=by_district)
    filters = form.filters() if form.is_bound else {}
    homes = boai_home_list(**filters, districts=by_district)
    page_obj = Paginator(homes, HOMES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "boai/index.html",
        {
            "period": period,
            "homes_count": boai_home_counts(),
            "sites": service_site_counts(),
            "activities": volunteer_activity_totals(period),
            "by_district": by_district,
            "form": form,
            "page_obj": page_obj,
            # The map fetches the homes of its view (geojson below): the page stays the
            # same size however many homes there are.
            "map_config": {
                "geojson": reverse("boai:geojson"),
                "filters": form.query(),
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                "labels": {
                    "excellent": _("Jiangsu excellent Boai home"),
                    "details": _("Details"),
                    "zoom_in": _("Too many homes to show: zoom in."),
                },
            },
        },
    )


def detail(request, pk):
    home = get_object_or_404(boai_home_detail_queryset(), pk=pk)
    activities = Paginator(boai_home_activities(home), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "boai/detail.html",
        {
            "home": home,
            "ratings": [rating_breakdown(rating) for rating in home.ratings.all()],
            "page_obj": activities,
            "thresholds": STAR_THRESHOLDS,
        },
    )


def geojson(request):
    """Active homes in ?bbox= matching the list's filters, as GeoJSON features: at most
    MAX_FEATURES, and `truncated` when there were more."""
    districts = list(District.objects.order_by("sort_order", "code"))
    form = BoaiHomeMapForm(request.GET, districts=districts)
    if not form.is_valid():
        message = _("Invalid bounding box.") if "bbox" in form.errors else _("Invalid filters.")
        return json_response(
            {"error": message, "errors": form.errors.get_json_data()},
            status=400,
        )
    filters = form.filters()
    district = next((d for d in districts if d.code == filters["district_code"]), None)
    rows = list(
        boai_homes_in_bbox(
            form.cleaned_data["bbox"],
            district=district,
            stars=filters["stars"],
            excellent=filters["excellent"],
        )[: MAX_FEATURES + 1]
    )
    url = pk_url("boai:detail")
    return feature_collection(
        (
            _FEATURE
            % (
                pk,
                longitude,
                latitude,
                string(name),
                string(url(pk)),
                LITERAL[excellent_year is not None],
            )
            for pk, name, latitude, longitude, excellent_year in rows[:MAX_FEATURES]
        ),
        truncated=len(rows) > MAX_FEATURES,
    )
