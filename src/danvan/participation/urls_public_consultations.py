"""Public pages of the consultations subdomain (namespace "participation_public")."""

from django.urls import URLPattern, path

from danvan.participation import views_public_consultations as v

urlpatterns: list[URLPattern] = [
    path("gop-y-du-thao/", v.list_view, name="consultations"),
    path("gop-y-du-thao/<int:pk>/", v.consultation_view, name="consultation"),
    path("gop-y-du-thao/<int:pk>/toan-van/", v.part_view, {"part_pk": 0}, name="whole"),
    path("gop-y-du-thao/<int:pk>/dieu/<int:part_pk>/", v.part_view, name="part"),
    path("gop-y-du-thao/<int:pk>/xac-minh/", v.verify_view, name="verify"),
    path("gop-y-du-thao/<int:pk>/tong-hop/", v.synthesis_view, name="synthesis"),
    path("gop-y-du-thao/<int:pk>/tong-hop.docx", v.synthesis_docx_view, name="synthesis_docx"),
    path("gop-y-du-thao/<int:pk>/tong-hop.xlsx", v.synthesis_xlsx_view, name="synthesis_xlsx"),
]
