from django.urls import path

from . import views
from .feeds import LatestHonorsFeed

app_name = "honors"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("feed/", LatestHonorsFeed(), name="feed"),
]
