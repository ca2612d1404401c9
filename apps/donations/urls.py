from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.index, name="index"),
    path("received/", views.donation_list, name="list"),
    path("funds/", views.fund_list, name="funds"),
    path("aid/", views.aid_list, name="aid"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("receipt/", views.receipt_lookup, name="receipt"),
]
