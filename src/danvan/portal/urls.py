from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/worker", views.healthz_worker, name="healthz-worker"),
    path("home/", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
]
