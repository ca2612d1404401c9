from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.organization_list, name="list"),
    path("rescue-teams/", views.rescue, name="rescue"),
    path("<int:pk>/", views.detail, name="detail"),
]
