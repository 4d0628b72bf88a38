"""Staff pages: the households supported."""

from django.urls import URLPattern, path

from . import views_households as views

urlpatterns: list[URLPattern] = [
    path("ho-duoc-ho-tro/", views.list_view, name="households"),
    path("ho-duoc-ho-tro/tong-hop/", views.summary_view, name="households_summary"),
    path("ho-duoc-ho-tro/them/", views.new_view, name="household_new"),
    path("ho-duoc-ho-tro/nhap/", views.import_view, name="household_import"),
    path("ho-duoc-ho-tro/nhap/mau.xlsx", views.template_view, name="household_template"),
    path(
        "ho-duoc-ho-tro/nhap/loi/<str:token>.csv",
        views.import_errors_view,
        name="household_import_errors",
    ),
    path("ho-duoc-ho-tro/<int:pk>/", views.detail_view, name="household"),
    path("ho-duoc-ho-tro/<int:pk>/sua/", views.edit_view, name="household_edit"),
    path("ho-duoc-ho-tro/<int:pk>/roi-danh-sach/", views.left_view, name="household_left"),
    path("ho-duoc-ho-tro/<int:pk>/ho-tro/", views.support_new_view, name="support_new"),
    path("ho-duoc-ho-tro/ho-tro/<int:pk>/huy/", views.support_cancel_view, name="support_cancel"),
]
