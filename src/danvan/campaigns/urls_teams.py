"""Staff pages: community teams (tổ COVID-19 cộng đồng, tổ tự quản, tổ hòa giải…)."""

from django.urls import URLPattern, path

from . import views_teams as views

urlpatterns: list[URLPattern] = [
    path("to-cong-dong/", views.list_view, name="teams"),
    path("to-cong-dong/moi/", views.team_new_view, name="team_new"),
    path("to-cong-dong/danh-sach.xlsx", views.teams_xlsx_view, name="teams_xlsx"),
    path("to-cong-dong/<int:pk>/", views.team_view, name="team"),
    path("to-cong-dong/<int:pk>/sua/", views.team_edit_view, name="team_edit"),
    path("to-cong-dong/<int:pk>/giai-the/", views.dissolve_view, name="team_dissolve"),
    path("to-cong-dong/<int:pk>/hoat-dong.xlsx", views.team_xlsx_view, name="team_xlsx"),
    path("to-cong-dong/<int:pk>/thanh-vien/moi/", views.member_new_view, name="team_member_new"),
    path("to-cong-dong/thanh-vien/<int:pk>/sua/", views.member_edit_view, name="team_member_edit"),
    path(
        "to-cong-dong/thanh-vien/<int:pk>/roi-to/",
        views.member_leave_view,
        name="team_member_leave",
    ),
    path("to-cong-dong/<int:pk>/nhiem-vu/moi/", views.task_new_view, name="team_task_new"),
    path("to-cong-dong/nhiem-vu/<int:pk>/hoan-thanh/", views.task_done_view, name="team_task_done"),
    path("to-cong-dong/nhiem-vu/<int:pk>/huy/", views.task_cancel_view, name="team_task_cancel"),
    path("to-cong-dong/<int:pk>/hoat-dong/moi/", views.activity_new_view, name="team_activity_new"),
]
