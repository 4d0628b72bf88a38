from django.urls import path

from . import views_board, views_reports

app_name = "reports"

urlpatterns = [
    path("reports/", views_reports.list_view, name="list"),
    path("reports/<int:pk>/", views_reports.detail_view, name="detail"),
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
]
