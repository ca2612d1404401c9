from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.jsonout import LITERAL, escape_html, feature_collection, string
from apps.core.links import pk_url

from . import hours
from .forms import BboxForm, NearestForm, SiteFilterForm
from .models import NEWEST_INSPECTION_FIELDS, Readiness, assess_readiness
from .selectors import (
    filter_sites,
    nearest_available,
    public_sites,
    shanghai_now,
    sites_by_district,
    sites_in_bbox,
    sites_in_service,
    sites_in_service_by_district,
)

PER_PAGE = 20
# The map asks for its view's box; past this many sites it is told to zoom in. More
# markers than this cannot be told apart on a screen, and each one costs about 350 bytes,
# however many sites the city has.
MAX_FEATURES = 300
# What a feature shows (see _feature), its readiness included.
FEATURE_FIELDS = (  # in the order _feature unpacks them
    "pk",
    "name",
    "latitude",
    "longitude",
    "location_detail",
    "access",
    "indoor",
    "opening_hours",
    "status",
    *NEWEST_INSPECTION_FIELDS,
)
MAX_GEOJSON_BYTES = 1_000_000


def _filter_form(request):
    form = SiteFilterForm(request.GET if request.GET else None)
    form.is_valid()
    return form


def _query(filters: dict) -> str:
    return urlencode({k: ("on" if v is True else v) for k, v in filters.items() if v})


def index(request):
    form = _filter_form(request)
    filters = form.filters()
    now = shanghai_now()
    sites = filter_sites(sites_in_service(), **filters, now=now)
    # Counts per district from the tally (not COUNT(*) over the sites); a page is read
    # district by district, in the index's order, not by sorting every site.
    counts = sites_in_service_by_district(sites, **filters)
    page_obj = Paginator(sites_by_district(sites, counts), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "site": site,
            "readiness": site.readiness(now.date()),
            "open_now": hours.is_open(site.opening_hours, now),
        }
        for site in page_obj
    ]
    return render(
        request,
        "aed/index.html",
        {
            "form": form,
            "nearest_form": NearestForm(),
            "page_obj": page_obj,
            "rows": rows,
            "now": now,
            "map_config": _map_config(filters),
        },
    )


def _map_config(filters):
    return {
        "geojson": reverse("aed:geojson"),
        "filters": _query(filters),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "labels": {
            **{value: str(label) for value, label in Readiness.choices},
            "open": _("open now"),
            "closed": _("closed now"),
            "hours_unknown": _("opening hours unclear"),
            "details": _("Details"),
            "zoom_in": _("Too many sites to show: zoom in."),
            "locating": _("Finding your location…"),
            "no_location": _("Your location is not available; type it or pick it on the map."),
            "picked": _("Location picked on the map."),
        },
    }


def nearest(request):
    asked = "lat" in request.GET or "lng" in request.GET
    form = NearestForm(request.GET if asked else None)
    results = None
    now = shanghai_now()
    if asked and form.is_valid():
        results = nearest_available(
            form.cleaned_data["lat"],
            form.cleaned_data["lng"],
            count=form.cleaned_data["count"] or 5,
            now=now,
        )
    return render(
        request,
        "aed/nearest.html",
        {"form": form, "results": results, "now": now, "map_config": _map_config({})},
    )


def detail(request, pk):
    site = get_object_or_404(public_sites(), pk=pk)
    now = shanghai_now()
    try:
        parsed_hours = hours.parse(site.opening_hours)
    except ValueError:
        parsed_hours = None
    return render(
        request,
        "aed/detail.html",
        {
            "site": site,
            "readiness": site.readiness(now.date()),
            "open_now": parsed_hours.is_open(now) if parsed_hours else None,
            "always_open": bool(parsed_hours and parsed_hours.always_open),
            "now": now,
        },
    )


def geojson(request):
    """In-service sites in ?bbox= as GeoJSON features tagged as in OpenStreetMap."""
    form = BboxForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("Invalid bounding box."), "errors": form.errors.get_json_data()},
            status=400,
        )
    now = shanghai_now()
    filters = _filter_form(request).filters()
    rows = (
        sites_in_bbox(
            filter_sites(sites_in_service(), **filters, now=now), form.cleaned_data["bbox"]
        )
        .select_related(None)
        .order_by("pk")
        .values_list(*FEATURE_FIELDS)[: MAX_FEATURES + 1]
    )
    url, today = pk_url("aed:detail"), now.date()
    features, size, truncated = [], 0, False
    for n, row in enumerate(rows):
        feature = escape_html(_feature(row, url=url, today=today, now=now))
        size += len(feature.encode()) + 1
        if n == MAX_FEATURES or size > MAX_GEOJSON_BYTES - 200:
            truncated = True
            break
        features.append(feature)
    return feature_collection(features, truncated=truncated)


# A site on the map, GeoJSON written by format, tagged as in OpenStreetMap: a few hundred a
# request, this takes half the time of building dicts for json.dumps.
_FEATURE = (
    '{"type":"Feature","id":%d,"geometry":{"type":"Point","coordinates":[%s,%s]},'
    '"properties":{"emergency":"defibrillator","name":%s,"opening_hours":%s,'
    '"defibrillator:location":%s,"access":%s,"indoor":"%s","readiness":"%s",'
    '"open_now":%s,"url":%s}}'
)


def _feature(row, *, url, today, now) -> str:
    """One site (a row of FEATURE_FIELDS) as a GeoJSON feature (JSON text)."""
    pk, name, latitude, longitude, location_detail, access, indoor, opening_hours, *rest = row
    status, *newest = rest  # the newest inspection's facts, as assess_readiness takes them
    return _FEATURE % (
        pk,
        # GeoJSON is longitude first; the stored six decimals (~0.1 m) as they are.
        longitude,
        latitude,
        string(name),
        string(opening_hours),
        string(location_detail),
        string(access),
        "yes" if indoor else "no",
        assess_readiness(status, *newest, today=today).value,
        LITERAL[hours.is_open(opening_hours, now)],
        string(url(pk)),
    )
