from django.urls import path

from . import views_officer, views_public, views_staff

app_name = "exemplars"

urlpatterns = [
    # The public showcase (Vietnamese paths: shared and typed by people).
    path("dan-van-kheo/", views_public.gallery_view, name="gallery"),
    path("dan-van-kheo/<int:pk>/", views_public.detail_view, name="public_detail"),
    # Staff: the registry in scope, registering a model, and a model's page with its steps.
    path("exemplars/", views_officer.registry_view, name="registry"),
    path("exemplars/new/", views_officer.new_view, name="new"),
    path("exemplars/<int:pk>/", views_officer.detail_view, name="detail"),
    # Staff: report figures as of a date.
    path("exemplars/figures/", views_staff.figures_view, name="figures"),
    path("exemplars/figures.xlsx", views_staff.figures_xlsx_view, name="figures_xlsx"),
]
