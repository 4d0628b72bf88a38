"""Staff pages: topics."""

from django.urls import URLPattern, path

from . import views_topics

urlpatterns: list[URLPattern] = [
    path("tinh-hinh-nhan-dan/chu-de/", views_topics.topics_view, name="topics"),
    path("tinh-hinh-nhan-dan/chu-de/huan-luyen/", views_topics.train_view, name="topics_train"),
    path("tinh-hinh-nhan-dan/chu-de/<int:pk>/", views_topics.topic_view, name="topic"),
    path("tinh-hinh-nhan-dan/chu-de/<int:pk>/nhan/", views_topics.label_view, name="topic_label"),
]
