"""Staff pages of the supervision subdomain (namespace "participation")."""

from django.urls import URLPattern, path

from . import views_supervision as v

urlpatterns: list[URLPattern] = [
    path("supervision/", v.programmes_view, name="supervision_programmes"),
    path("supervision/new/", v.programme_new_view, name="supervision_programme_new"),
    path("supervision/<int:pk>/", v.programme_view, name="supervision_programme"),
    path(
        "supervision/<int:pk>/publish/",
        v.programme_publish_view,
        name="supervision_programme_publish",
    ),
    path(
        "supervision/<int:pk>/delegations/new/",
        v.delegation_new_view,
        name="supervision_delegation_new",
    ),
    path(
        "supervision/delegations/<int:pk>/state/",
        v.delegation_state_view,
        name="supervision_delegation_state",
    ),
    path("supervision/<int:pk>/findings/new/", v.finding_new_view, name="supervision_finding_new"),
    path(
        "supervision/<int:pk>/recommendations/new/",
        v.recommendation_new_view,
        name="supervision_recommendation_new",
    ),
    path(
        "supervision/<int:pk>/recommendations.xlsx",
        v.recommendations_xlsx_view,
        name="supervision_programme_xlsx",
    ),
    path(
        "supervision/<int:pk>/summary.docx",
        v.programme_docx_view,
        name="supervision_programme_docx",
    ),
    path(
        "supervision/recommendations/<int:pk>/",
        v.recommendation_view,
        name="supervision_recommendation",
    ),
    path("supervision/awaiting/", v.awaiting_view, name="supervision_awaiting"),
    path("supervision/overdue/", v.awaiting_view, {"overdue": True}, name="supervision_overdue"),
    path(
        "supervision/recommendations.xlsx",
        v.recommendations_xlsx_view,
        name="supervision_recommendations_xlsx",
    ),
    path("supervision/critiques/", v.critiques_view, name="supervision_critiques"),
    path("supervision/critiques/new/", v.critique_new_view, name="supervision_critique_new"),
    path("supervision/critiques/<int:pk>/", v.critique_view, name="supervision_critique"),
    path("supervision/boards/", v.boards_view, name="supervision_boards"),
    path("supervision/boards/new/", v.board_new_view, name="supervision_board_new"),
    path("supervision/boards/<int:pk>/", v.board_view, name="supervision_board"),
    path("supervision/files/<str:kind>/<int:pk>/", v.file_view, name="supervision_file"),
]
