"""Staff pages of meetings and commitments (namespace "participation")."""

from django.urls import path

from . import views_meetings as v

urlpatterns = [
    path("meetings/", v.meetings_view, name="meetings"),
    path("meetings/new/", v.new_view, name="new_meeting"),
    path("meetings/<int:pk>/", v.meeting_view, name="meeting"),
    path("meetings/<int:pk>/edit/", v.edit_view, name="edit_meeting"),
    path("meetings/<int:pk>/announce/", v.state_view, {"action": "announce"}, name="announce"),
    path("meetings/<int:pk>/cancel/", v.state_view, {"action": "cancel"}, name="cancel_meeting"),
    path("meetings/<int:pk>/held/", v.hold_view, name="hold"),
    path("meetings/<int:pk>/publish/", v.publish_view, name="publish_results"),
    path("meetings/<int:pk>/questions/", v.add_question_view, name="add_question"),
    path("meetings/<int:pk>/commit/", v.commit_view, name="commit"),
    path("meetings/<int:pk>/results.docx", v.meeting_docx_view, name="meeting_docx"),
    path("meetings/questions/<int:pk>/<str:how>/", v.handle_view, name="handle_question"),
    path("commitments/", v.commitments_view, name="commitments"),
    path("commitments.xlsx", v.commitments_export_view, name="commitments_xlsx"),
    path("commitments/<int:pk>/", v.commitment_view, name="commitment"),
]
