from django.urls import path

from . import views_officer, views_public

app_name = "cases"

urlpatterns = [
    # Citizens (Vietnamese paths: these are the addresses people type and share).
    path("phan-anh/gui/", views_public.submit_view, name="submit"),
    path("phan-anh/xa-phuong/", views_public.communes_options, name="communes"),
    path("phan-anh/tra-cuu/", views_public.track_view, name="track"),
    path("phan-anh/cua-toi/", views_public.my_cases_view, name="mine"),
    path("phan-anh/<str:code>/", views_public.public_case_view, name="public_case"),
    path("phan-anh/<str:code>/da-gui/", views_public.submitted_view, name="submitted"),
    path(
        "phan-anh/<str:code>/van-ban/<int:pk>/",
        views_public.public_document_view,
        name="public_document",
    ),
    # Officers.
    path("cases/", views_officer.inbox_view, name="inbox"),
    path("cases/new/", views_officer.new_case_view, name="new"),
    path("cases/export.<str:fmt>", views_officer.export_view, name="export"),
    path("cases/bulk/", views_officer.bulk_view, name="bulk"),
    path("cases/<str:code>/", views_officer.detail_view, name="detail"),
    path("cases/<str:code>/files/<int:pk>/", views_officer.attachment_view, name="attachment"),
]
