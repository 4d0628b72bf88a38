from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from danvan.api.api import api, api_not_found

admin.site.site_header = _("Dân Vận Số — administration")
admin.site.site_title = _("Dân Vận Số")
admin.site.index_title = _("Administration")

urlpatterns = [
    # The API first: public submissions are the busiest route, and every pattern tried before
    # the matching one costs each request.
    path("api/", api.urls),
    path("", include("danvan.portal.urls")),
    path("", include("danvan.cases.urls")),
    path("", include("danvan.exemplars.urls")),
    path("", include("danvan.emulation.urls")),
    path("", include("danvan.contests.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through allauth, with the second factor: never its own password form.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", admin.site.urls),
    path("open311/v2/", include("danvan.cases.open311.urls")),
    # After the API's own routes: any other path under /api/ answers in JSON too.
    re_path(r"^api/", api_not_found),
]
