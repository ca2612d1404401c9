import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.changes import last_changes
from apps.core.models import District
from apps.core.periods import reporting_period
from apps.honors.models import Honor

from . import snapshot
from .downloads import limited_download
from .figures import (
    BY_KEY,
    DATASETS,
    DATASETS_BY_NAME,
    FIGURES,
    LICENCE,
    LICENCE_URL,
    aed_features,
    csv_download,
    manifest,
    new_stats,
    scope_text,
)
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
    stored = snapshot.read(period)
    figures = headline_figures(period, stored.figures)
    groups = [(key, title, [f for f in figures if f.area == key]) for key, title in AREAS]
    charts = home_charts(period, stored.series)
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


# --- figures explained and open data ------------------------------------------------------


def _figure(key):
    figure = BY_KEY.get(key)
    if figure is None:
        raise Http404("No such figure.")
    return figure


def figure_detail(request, key):
    """What a figure counts and leaves out, its period, data as of, and the records behind it."""
    figure = _figure(key)
    period = reporting_period()
    cache = {}  # the selector that values the figure also gives its record count
    return render(
        request,
        "portal/figure_detail.html",
        {
            "figure": figure,
            "value": figure.value(period, cache),
            "period": period,
            "scope": scope_text(figure, period),
            "record_count": figure.record_count(period, cache),
            "data_as_of": figure.data_as_of(period),
            "area": dict(AREAS).get(figure.area, ""),
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


def _csv_response(table, period, name):
    stats = new_stats(table)
    response = StreamingHttpResponse(
        csv_download(table, period, stats), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _json_response(body, name):
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@limited_download
def figure_csv(request, key):
    """Exactly the records behind the figure, masked as the public pages show them, streamed."""
    figure = _figure(key)
    return _csv_response(figure, reporting_period(), f"{figure.name}.csv")


@limited_download
def figure_manifest(request, key):
    figure = _figure(key)
    return _json_response(manifest(figure, reporting_period()), f"{figure.name}.manifest.json")


def data_index(request):
    """Every figure with its definition and download; every open dataset with its last update."""
    period = reporting_period()
    values = snapshot.read(period, series=False).figures
    figures = [(figure, values[figure.key]) for figure in FIGURES]
    groups = [(key, title, [f for f in figures if f[0].area == key]) for key, title in AREAS]
    known = last_changes()
    datasets = [(dataset, dataset.data_as_of(period, known)) for dataset in DATASETS]
    return render(
        request,
        "portal/data.html",
        {
            "groups": groups,
            "datasets": datasets,
            "period": period,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


def _dataset(name):
    dataset = DATASETS_BY_NAME.get(name)
    if dataset is None:
        raise Http404("No such dataset.")
    return dataset


@limited_download
def dataset_csv(request, name):
    dataset = _dataset(name)
    return _csv_response(dataset, reporting_period(), f"{dataset.name}.csv")


@limited_download
def dataset_manifest(request, name):
    dataset = _dataset(name)
    return _json_response(manifest(dataset, reporting_period()), f"{dataset.name}.manifest.json")


@limited_download
def dataset_geojson(request, name):
    """The AED sites as one GeoJSON FeatureCollection, written feature by feature."""
    dataset = _dataset(name)
    if not dataset.geojson:
        raise Http404("This dataset has no map form.")

    def chunks():
        yield b'{"type":"FeatureCollection","features":['
        for n, feature in enumerate(aed_features(dataset.iter_rows(None))):
            text = json.dumps(
                feature, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
            )
            yield (("," if n else "") + text).encode()
        yield b"]}"

    response = StreamingHttpResponse(chunks(), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.geojson"'
    return response
