from django.urls import path

from . import urls_setup, views_board, views_reports, views_situation

app_name = "reports"

urlpatterns = [
    path("reports/", views_reports.list_view, name="list"),
    path("reports/<int:pk>/", views_reports.detail_view, name="detail"),
    path("reports/<int:pk>/docx/", views_reports.docx_view, name="docx"),
    path("reports/<int:pk>/issues/add/", views_situation.issue_add_view, name="issue_add"),
    path(
        "reports/<int:pk>/issues/<int:issue>/",
        views_situation.issue_edit_view,
        name="issue_edit",
    ),
    path("reports/<int:pk>/issues/merge/", views_situation.issue_merge_view, name="issue_merge"),
    path("reports/<int:pk>/issues/xlsx/", views_situation.issues_xlsx_view, name="issues_xlsx"),
    path(
        "reports/board/<int:receiver>/<int:template>/<int:period>/",
        views_board.board_view,
        name="board",
    ),
    path(
        "reports/consolidated/<int:receiver>/<int:template>/<int:period>/",
        views_board.consolidated_view,
        name="consolidated",
    ),
    path(
        "reports/consolidated/<int:receiver>/<int:template>/<int:period>/xlsx/",
        views_board.consolidated_xlsx_view,
        name="consolidated_xlsx",
    ),
    *urls_setup.urlpatterns,
]
