from django.urls import path

from . import urls_setup, views_board, views_reports

app_name = "reports"

urlpatterns = [
    path("reports/", views_reports.list_view, name="list"),
    path("reports/<int:pk>/", views_reports.detail_view, name="detail"),
    path("reports/<int:pk>/docx/", views_reports.docx_view, name="docx"),
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
