"""Staff pages: the hotspot register (điểm nóng)."""

from django.urls import URLPattern, path

from . import views_hotspots as views

urlpatterns: list[URLPattern] = [
    path("tinh-hinh-nhan-dan/diem-nong/", views.register_view, name="hotspots"),
    path("tinh-hinh-nhan-dan/diem-nong/<int:pk>/", views.detail_view, name="hotspot"),
    path(
        "tinh-hinh-nhan-dan/diem-nong/<int:pk>/trang-thai/",
        views.state_view,
        name="hotspot_state",
    ),
    path("tinh-hinh-nhan-dan/diem-nong/<int:pk>/giao/", views.assign_view, name="hotspot_assign"),
    path("tinh-hinh-nhan-dan/diem-nong/<int:pk>/ghi-chu/", views.note_view, name="hotspot_note"),
]
