from django.urls import path

from . import views_public as v

app_name = "surveys_public"

urlpatterns = [
    path("khao-sat/<str:key>/", v.answer_view, name="answer"),
    path("khao-sat/<str:key>/cam-on/", v.thanks_view, name="thanks"),
    path("khao-sat/<str:key>/qr.svg", v.qr_view, {"ext": "svg"}, name="qr_svg"),
    path("khao-sat/<str:key>/qr.png", v.qr_view, {"ext": "png"}, name="qr_png"),
]
