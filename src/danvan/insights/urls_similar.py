"""Staff pages: similar texts (the measure of the similarity methods)."""

from django.urls import URLPattern, path

from . import views_similar as views

urlpatterns: list[URLPattern] = [
    path(
        "tinh-hinh-nhan-dan/van-ban-tuong-tu/danh-gia/",
        views.evaluation,
        name="similar_evaluation",
    ),
]
