"""Public pages of meetings and commitments (namespace "participation_public")."""

from django.urls import path

from . import views_public_meetings as v

urlpatterns = [
    path("lich-tiep-xuc/", v.schedule_view, name="schedule"),
    path("lich-tiep-xuc/lich.ics", v.schedule_ics_view, name="schedule_ics"),
    path("lich-tiep-xuc/<str:key>/", v.meeting_view, name="meeting"),
    path("cam-ket/", v.commitments_view, name="commitments"),
    path("cam-ket/<int:pk>/minh-chung/", v.evidence_view, name="evidence"),
]
