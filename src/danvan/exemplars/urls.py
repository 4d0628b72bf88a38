from django.urls import path

from . import views_evidence, views_inquiries, views_officer, views_public, views_staff

app_name = "exemplars"

urlpatterns = [
    # The public showcase (Vietnamese paths: shared and typed by people).
    path("dan-van-kheo/", views_public.gallery_view, name="gallery"),
    path("dan-van-kheo/<int:pk>/", views_public.detail_view, name="public_detail"),
    path("dan-van-kheo/<int:pk>/anh/<int:fid>/", views_evidence.public_photo_view, name="photo"),
    path("dan-van-kheo/<int:pk>/nhan-rong/", views_public.adopt_view, name="adopt"),
    path("dan-van-kheo/<int:pk>/hoi/", views_public.ask_view, name="ask"),
    # Staff: the registry in scope, registering a model, and a model's page with its steps.
    path("exemplars/", views_officer.registry_view, name="registry"),
    path("exemplars/new/", views_officer.new_view, name="new"),
    path("exemplars/export.xlsx", views_officer.registry_xlsx_view, name="registry_xlsx"),
    path("exemplars/<int:pk>/", views_officer.detail_view, name="detail"),
    path("exemplars/<int:pk>/edit/", views_officer.edit_view, name="edit"),
    path(
        "exemplars/<int:pk>/questions/<int:iid>/answer/",
        views_inquiries.answer_view,
        name="answer",
    ),
    path("exemplars/<int:pk>/files/", views_evidence.upload_view, name="upload"),
    path("exemplars/<int:pk>/files/<int:fid>/", views_evidence.file_view, name="file"),
    path(
        "exemplars/<int:pk>/files/<int:fid>/remove/",
        views_evidence.remove_view,
        name="remove_file",
    ),
    # Staff: report figures as of a date.
    path("exemplars/figures/", views_staff.figures_view, name="figures"),
    path("exemplars/figures.xlsx", views_staff.figures_xlsx_view, name="figures_xlsx"),
]
