from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("districts/", views.district_list, name="districts"),
    path("districts/<slug:code>/", views.district_detail, name="district"),
    # path: a community's name as staff typed it may hold a slash.
    path("districts/<slug:code>/<path:community>/", views.community_detail, name="community"),
    path("data/", views.data_index, name="data"),
    path("data/<slug:name>.csv", views.dataset_csv, name="dataset-csv"),
    path("data/<slug:name>.geojson", views.dataset_geojson, name="dataset-geojson"),
    path("data/<slug:name>.manifest.json", views.dataset_manifest, name="dataset-manifest"),
    path("figures/<str:key>/", views.figure_detail, name="figure"),
    path("figures/<str:key>/records.csv", views.figure_csv, name="figure-csv"),
    path("figures/<str:key>/manifest.json", views.figure_manifest, name="figure-manifest"),
]
