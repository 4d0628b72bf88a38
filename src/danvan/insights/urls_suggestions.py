"""Staff pages: the suggestions' classifiers, their evaluation and retraining."""

from django.urls import URLPattern, path

from . import views_suggestions as views

urlpatterns: list[URLPattern] = [
    path("tinh-hinh-nhan-dan/goi-y-phan-loai/", views.models_view, name="models"),
    path("tinh-hinh-nhan-dan/goi-y-phan-loai/huan-luyen/", views.train_view, name="models_train"),
]
