from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from danvan.api.api import api, api_not_found

admin.site.site_header = _("Dân Vận Số — administration")
admin.site.site_title = _("Dân Vận Số")
admin.site.index_title = _("Administration")
# The admin signs in through allauth (sign-in limits, second factor): never its own password form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # The API first: public submissions are the busiest route, and every pattern tried before
    # the matching one costs each request.
    path("api/", api.urls),
    path("", include("danvan.portal.urls")),
    path("", include("danvan.cases.urls")),
    path("", include("danvan.exemplars.urls")),
    path("", include("danvan.emulation.urls")),
    path("", include("danvan.contests.urls")),
    path("", include("danvan.reports.urls")),
    path("", include("danvan.directives.urls")),
    path("", include("danvan.directives.urls_public")),
    path("", include("danvan.surveys.urls")),
    path("", include("danvan.surveys.urls_public")),
    path("", include("danvan.participation.urls")),
    path("", include("danvan.participation.urls_public")),
    path("", include("danvan.insights.urls")),
    path("", include("danvan.campaigns.urls")),
    path("", include("danvan.campaigns.urls_public")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("open311/v2/", include("danvan.cases.open311.urls")),
    # After the API's own routes: any other path under /api/ answers in JSON too.
    re_path(r"^api/", api_not_found),
]

handler500 = "danvan.portal.errors.server_error"
