"""Public pages of the supervision subdomain (namespace "participation_public")."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
