from django.urls import path

from . import views_decisions, views_movements, views_proposals

app_name = "emulation"

urlpatterns = [
    # The public honor roll (a Vietnamese path: shared and typed by people).
    path("bang-vang/", views_decisions.honor_roll_view, name="honor_roll"),
    # Staff: movements, registrations and the clusters' scoring.
    path("emulation/", views_movements.movement_list_view, name="movements"),
    path("emulation/movements/new/", views_movements.movement_new_view, name="movement_new"),
    path("emulation/movements/<int:pk>/", views_movements.movement_detail_view, name="movement"),
    path(
        "emulation/movements/<int:pk>/edit/",
        views_movements.movement_edit_view,
        name="movement_edit",
    ),
    path(
        "emulation/registrations/",
        views_movements.registration_list_view,
        name="registrations",
    ),
    path("emulation/scorings/<int:pk>/", views_movements.scoring_view, name="scoring"),
    path(
        "emulation/scorings/<int:pk>/close/",
        views_movements.scoring_close_view,
        name="scoring_close",
    ),
    path(
        "emulation/scorings/<int:pk>/results.xlsx",
        views_movements.scoring_xlsx_view,
        name="scoring_xlsx",
    ),
    # Staff: award proposals.
    path("emulation/proposals/", views_proposals.proposal_list_view, name="proposals"),
    path("emulation/proposals.xlsx", views_proposals.proposal_xlsx_view, name="proposals_xlsx"),
    path("emulation/proposals/new/", views_proposals.proposal_new_view, name="proposal_new"),
    path("emulation/proposals/<int:pk>/", views_proposals.proposal_detail_view, name="proposal"),
    path(
        "emulation/proposals/<int:pk>/edit/",
        views_proposals.proposal_edit_view,
        name="proposal_edit",
    ),
    path(
        "emulation/proposals/<int:pk>/documents/<int:doc>/",
        views_proposals.document_view,
        name="proposal_document",
    ),
    # Staff: award decisions and figures.
    path("emulation/decisions/", views_decisions.decision_list_view, name="decisions"),
    path(
        "emulation/decisions.<str:fmt>",
        views_decisions.decision_export_view,
        name="decisions_export",
    ),
    path("emulation/decisions/new/", views_decisions.decision_new_view, name="decision_new"),
    path("emulation/decisions/<int:pk>/", views_decisions.decision_detail_view, name="decision"),
    path(
        "emulation/decisions/<int:pk>/docx",
        views_decisions.decision_docx_view,
        name="decision_docx",
    ),
    path("emulation/figures/", views_decisions.figures_view, name="figures"),
]
