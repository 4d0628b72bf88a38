"""The staff pages of the people's situation, one URL module per subdomain."""

from django.urls import path

from . import (
    urls_briefing,
    urls_forecasts,
    urls_hotspots,
    urls_similar,
    urls_suggestions,
    urls_topics,
    views,
)

app_name = "insights"

urlpatterns = [
    path("tinh-hinh-nhan-dan/", views.overview, name="home"),
    *urls_suggestions.urlpatterns,
    *urls_similar.urlpatterns,
    *urls_topics.urlpatterns,
    *urls_hotspots.urlpatterns,
    *urls_forecasts.urlpatterns,
    *urls_briefing.urlpatterns,
]
