"""Staff pages: campaigns."""

from django.urls import URLPattern, path

from . import views_campaigns as views

urlpatterns: list[URLPattern] = [
    path("cuoc-van-dong/", views.list_view, name="campaigns"),
    path("cuoc-van-dong/moi/", views.new_view, name="campaign_new"),
    path("cuoc-van-dong/<int:pk>/", views.detail_view, name="campaign"),
    path("cuoc-van-dong/<int:pk>/sua/", views.edit_view, name="campaign_edit"),
    path("cuoc-van-dong/<int:pk>/don-vi/", views.bodies_view, name="campaign_bodies"),
    path("cuoc-van-dong/<int:pk>/chi-tieu/", views.targets_view, name="campaign_targets"),
    path("cuoc-van-dong/<int:pk>/ket-qua/moi/", views.result_new_view, name="campaign_result_new"),
    path("cuoc-van-dong/<int:pk>/danh-gia/", views.evaluate_view, name="campaign_evaluate"),
    path("cuoc-van-dong/<int:pk>/phat-dong/", views.launch_view, name="campaign_launch"),
    path("cuoc-van-dong/<int:pk>/ket-thuc/", views.close_view, name="campaign_close"),
    path("cuoc-van-dong/<int:pk>/cong-khai/", views.publish_view, name="campaign_publish"),
    path("cuoc-van-dong/<int:pk>/tien-do.xlsx", views.xlsx_view, name="campaign_xlsx"),
    path(
        "cuoc-van-dong/ket-qua/<int:pk>/dieu-chinh/",
        views.result_correct_view,
        name="campaign_result_correct",
    ),
    path(
        "cuoc-van-dong/ket-qua/<int:pk>/minh-chung/",
        views.evidence_view,
        name="campaign_evidence",
    ),
    path(
        "cuoc-van-dong/danh-gia/<int:pk>/de-nghi-khen/",
        views.propose_view,
        name="campaign_propose",
    ),
]
