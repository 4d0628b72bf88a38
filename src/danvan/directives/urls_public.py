"""The public pages of the registry (Vietnamese paths: shared and typed by people) and a body's
due dates as an iCalendar file."""

from django.urls import URLPattern, path

from . import views_public as v

app_name = "directives_public"

urlpatterns: list[URLPattern] = [
    path("van-ban/", v.public_list_view, name="list"),
    path("van-ban/<int:pk>/", v.public_document_view, name="document"),
    path("directives/calendar/<int:body_pk>.ics", v.calendar_view, name="calendar"),
]
