from django.urls import path

from . import views_public, views_staff

app_name = "exemplars"

urlpatterns = [
    # The public showcase (Vietnamese paths: shared and typed by people).
    path("dan-van-kheo/", views_public.gallery_view, name="gallery"),
    path("dan-van-kheo/<int:pk>/", views_public.detail_view, name="public_detail"),
    # Staff: report figures as of a date.
    path("exemplars/figures/", views_staff.figures_view, name="figures"),
    path("exemplars/figures.xlsx", views_staff.figures_xlsx_view, name="figures_xlsx"),
]
