"""Public pages: the disclosure of funds and campaigns (công khai), and the funds' periodic
reports (the staff fund page links to the same report routes)."""

from django.urls import path

from . import views_public as views

app_name = "campaigns_public"

urlpatterns = [
    path("cong-khai/quy/", views.funds_view, name="funds"),
    path("cong-khai/quy/<int:pk>/", views.fund_view, name="fund"),
    path("cong-khai/quy/<int:pk>/bao-cao.xlsx", views.fund_report_xlsx, name="fund_report_xlsx"),
    path("cong-khai/quy/<int:pk>/bao-cao.docx", views.fund_report_docx, name="fund_report_docx"),
    path("cong-khai/cuoc-van-dong/", views.campaigns_view, name="campaigns"),
    path("cong-khai/cuoc-van-dong/<int:pk>/", views.campaign_view, name="campaign"),
]
