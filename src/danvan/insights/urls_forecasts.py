"""Staff pages: forecasts."""

from django.urls import URLPattern, path

from . import views_forecasts as views

urlpatterns: list[URLPattern] = [
    path("tinh-hinh-nhan-dan/du-bao/", views.forecasts, name="forecasts"),
    path("tinh-hinh-nhan-dan/du-bao/danh-gia/", views.evaluation, name="forecast_evaluation"),
    path("tinh-hinh-nhan-dan/du-bao/ca-nuoc/", views.forecast_nation, name="forecast_nation"),
    path(
        "tinh-hinh-nhan-dan/du-bao/ca-nuoc/nhan-dinh/",
        views.forecast_assess_nation,
        name="forecast_assess_nation",
    ),
    path("tinh-hinh-nhan-dan/du-bao/tinh/<int:province>/", views.forecast, name="forecast"),
    path(
        "tinh-hinh-nhan-dan/du-bao/tinh/<int:province>/nhan-dinh/",
        views.forecast_assess,
        name="forecast_assess",
    ),
]
