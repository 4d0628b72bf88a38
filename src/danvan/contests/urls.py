from django.urls import path

from . import views_judging, views_organizer, views_public, views_teams

app_name = "contests"

urlpatterns = [
    # Public results (Vietnamese paths: shared and typed by people).
    path("hoi-thi/", views_public.list_view, name="public_list"),
    path("hoi-thi/<int:pk>/", views_public.results_view, name="results"),
    # Organizers.
    path("contests/", views_organizer.list_view, name="list"),
    path("contests/new/", views_organizer.new_view, name="new"),
    path("contests/<int:pk>/", views_organizer.detail_view, name="detail"),
    path("contests/<int:pk>/edit/", views_organizer.edit_view, name="edit"),
    path("contests/<int:pk>/criteria/", views_organizer.criteria_view, name="criteria"),
    path("contests/<int:pk>/rounds/new/", views_organizer.round_new_view, name="round_new"),
    path("contests/rounds/<int:pk>/", views_organizer.round_view, name="round"),
    # Bodies.
    path("contests/<int:pk>/register/", views_teams.register_view, name="register"),
    path("contests/teams/<int:pk>/", views_teams.team_view, name="team"),
    # Judges, score sheets and the summary.
    path("contests/rounds/<int:pk>/sheet/", views_judging.sheet_view, name="sheet"),
    path(
        "contests/rounds/<int:pk>/sheet/print/", views_judging.print_sheet_view, name="print_sheet"
    ),
    path("contests/rounds/<int:pk>/summary/", views_judging.summary_view, name="summary"),
    path(
        "contests/rounds/<int:pk>/summary.xlsx",
        views_judging.summary_xlsx_view,
        name="summary_xlsx",
    ),
]
