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
]
