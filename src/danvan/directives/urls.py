"""The directives module's pages: the registry, the cascade and the duties."""

from django.urls import URLPattern, path

from . import views_cascade as c
from . import views_documents as d
from . import views_leaders as lead
from . import views_plans as p
from . import views_register as reg
from . import views_reviews as rev

app_name = "directives"

urlpatterns: list[URLPattern] = [
    path("directives/", d.registry_view, name="registry"),
    path("directives/new/", d.document_new_view, name="document_new"),
    path("directives/find/", d.find_view, name="find"),
    path("directives/find/propose/", d.propose_view, name="propose"),
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
    # Plans at work: <pk> is the plan document's.
    path("directives/<int:pk>/tasks/", p.workplan_view, name="workplan"),
    path("directives/<int:pk>/tasks/new/", p.task_new_view, name="task_new"),
    path("directives/<int:pk>/tasks/xlsx/", p.export_view, name="tasks_xlsx"),
    path("directives/<int:pk>/tasks/import/", p.import_view, name="tasks_import"),
    path("directives/<int:pk>/targets/new/", p.target_new_view, name="target_new"),
    path("directives/targets/<int:pk>/result/", p.target_result_view, name="target_result"),
    path("directives/tasks/<int:pk>/", p.task_view, name="task"),
    path("directives/tasks/<int:pk>/edit/", p.task_edit_view, name="task_edit"),
    path("directives/tasks/<int:pk>/files/<int:fid>/", p.evidence_view, name="task_file"),
    path("directives/tasks/mine/", p.my_tasks_view, name="my_tasks"),
    path("directives/tasks/board/<int:body>/", p.board_view, name="board"),
    path("directives/leaders/", lead.leaders_view, name="leaders"),
    path("directives/leaders/<int:body>/new/", lead.leader_new_view, name="leader_new"),
    path("directives/blocs/", lead.blocs_view, name="blocs"),
    path("directives/blocs/<int:body>/new/", lead.bloc_new_view, name="bloc_new"),
    path("directives/<int:pk>/reviews/new/", rev.review_new_view, name="review_new"),
    path("directives/reviews/<int:pk>/", rev.review_view, name="review"),
    path("directives/reviews/<int:pk>/docx/", rev.review_docx_view, name="review_docx"),
    path("directives/reviews/<int:pk>/conference/", rev.conference_view, name="conference"),
    path("directives/reviews/reports/<int:pk>/", rev.submission_view, name="review_submission"),
    path("directives/outgoing/", reg.register_view, name="register"),
    path("directives/outgoing/new/", reg.issue_view, name="issue"),
    path("directives/outgoing/<int:pk>/docx/", reg.docx_view, name="outgoing_docx"),
]
