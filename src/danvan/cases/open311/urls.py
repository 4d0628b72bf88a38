from django.urls import path, re_path

from . import views

app_name = "open311"

urlpatterns = [
    path("discovery.json", views.discovery_view, name="discovery"),
    path("services.json", views.services_view, name="services"),
    path("services/<str:code>.json", views.service_definition_view, name="service"),
    path("requests.json", views.requests_view, name="requests"),
    path("requests/<str:code>.json", views.request_view, name="request"),
    # Anything else here (other formats, unknown paths) answers in GeoReport's error shape.
    re_path(r"^(?P<path>.*)$", views.not_found_view, name="not_found"),
]
