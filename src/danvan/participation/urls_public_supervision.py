"""Public pages of the supervision subdomain (namespace "participation_public"): the
summaries of the supervision programmes their Front body has published."""

from django.urls import URLPattern, path

from . import views_public_supervision as v

urlpatterns: list[URLPattern] = [
    path("giam-sat/", v.programmes_view, name="supervision_programmes"),
    path("giam-sat/<int:pk>/", v.programme_view, name="supervision_programme"),
]
