"""Staff pages: the quarterly briefing draft."""

from django.urls import URLPattern, path

from . import views_briefing

urlpatterns: list[URLPattern] = [
    path("tinh-hinh-nhan-dan/giao-ban/", views_briefing.page, name="briefing"),
    path("tinh-hinh-nhan-dan/giao-ban/du-thao.docx", views_briefing.download, name="briefing_docx"),
]
