from django.urls import path

from . import views

app_name = "boai"

urlpatterns = [
    path("", views.index, name="index"),
    path("homes.geojson", views.geojson, name="geojson"),
    path("<int:pk>/", views.detail, name="detail"),
]
