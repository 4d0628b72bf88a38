"""The directives module's pages: the registry, the cascade and the duties."""

from django.urls import URLPattern, path

from . import views_cascade as c
from . import views_documents as d

app_name = "directives"

urlpatterns: list[URLPattern] = [
    path("directives/", d.registry_view, name="registry"),
    path("directives/new/", d.document_new_view, name="document_new"),
    path("directives/find/", d.find_view, name="find"),
    path("directives/<int:pk>/", d.document_view, name="document"),
    path("directives/<int:pk>/edit/", d.document_edit_view, name="document_edit"),
    path("directives/<int:pk>/file/", d.file_view, name="file"),
    path("directives/<int:pk>/confirm/", d.confirm_view, name="confirm"),
    path("directives/<int:pk>/links/new/", d.link_new_view, name="link_new"),
    path("directives/<int:pk>/links/<int:link>/remove/", d.link_remove_view, name="link_remove"),
    path("directives/<int:pk>/cascade/", c.cascade_view, name="cascade"),
    path("directives/<int:pk>/compliance/", c.compliance_view, name="compliance"),
    path("directives/duties/", c.duties_view, name="duties"),
    path("directives/duties/<int:pk>/", c.duty_view, name="duty"),
    path("directives/duties/<int:pk>/study/", c.study_view, name="study"),
    path("directives/duties/<int:pk>/plan/", c.plan_view, name="plan"),
]
