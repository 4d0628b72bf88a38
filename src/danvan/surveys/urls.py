from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views_index as vi
from . import views_staff as v

app_name = "surveys"

urlpatterns = [
    path("surveys/", v.list_view, name="list"),
    path("surveys/new/", v.new_view, name="new"),
    path("surveys/<int:pk>/", v.survey_view, name="survey"),
    path(
        "surveys/<int:pk>/questions/<int:question>/edit/",
        v.edit_question_view,
        name="edit_question",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question>/remove/",
        v.remove_question_view,
        name="remove_question",
    ),
    path("surveys/<int:pk>/open/", v.state_view, {"action": "open"}, name="open"),
    path("surveys/<int:pk>/close/", v.state_view, {"action": "close"}, name="close"),
    path("surveys/<int:pk>/results/", v.results_view, name="results"),
    path("surveys/<int:pk>/paper/", v.paper_view, name="paper"),
    path("surveys/<int:pk>/codes/", v.codes_view, name="codes"),
    path("surveys/<int:pk>/library/", v.library_view, name="library"),
    path("surveys/index/", login_required(vi.index_view), name="index"),
    path("surveys/index.xlsx", login_required(vi.index_export_view), name="index_xlsx"),
    path("surveys/index/officers/", login_required(vi.officers_view), name="officers"),
    path("surveys/<int:pk>/answers.xlsx", v.export_view, {"kind": "xlsx"}, name="export_xlsx"),
    path("surveys/<int:pk>/summary.docx", v.export_view, {"kind": "docx"}, name="export_docx"),
]
