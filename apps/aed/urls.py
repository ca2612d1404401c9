from django.urls import path

from . import views

app_name = "aed"

urlpatterns = [
    path("", views.index, name="index"),
    path("nearest/", views.nearest, name="nearest"),
    path("sites.geojson", views.geojson, name="geojson"),
    path("<int:pk>/", views.detail, name="detail"),
]
