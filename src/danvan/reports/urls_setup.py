"""Pages that set up reporting: templates, their versions, schedules and obligations, and
the cut-off rules of the reporting periods (views_setup)."""

from django.urls import URLPattern, path

from . import views_setup as v

urlpatterns: list[URLPattern] = [
    path("reports/setup/", v.templates_view, name="setup_templates"),
    path("reports/setup/new/", v.template_new_view, name="setup_template_new"),
    path("reports/setup/<int:pk>/", v.template_view, name="setup_template"),
    path("reports/setup/<int:pk>/edit/", v.template_edit_view, name="setup_template_edit"),
    # Schedules: the kinds of period a template is reported for, and when it is due.
    path("reports/setup/<int:pk>/schedules/new/", v.schedule_new_view, name="setup_schedule_new"),
    path("reports/setup/<int:pk>/ad-hoc/", v.ad_hoc_view, name="setup_ad_hoc"),
    path(
        "reports/setup/schedules/<int:pk>/edit/", v.schedule_edit_view, name="setup_schedule_edit"
    ),
    path(
        "reports/setup/schedules/<int:pk>/delete/",
        v.schedule_delete_view,
        name="setup_schedule_delete",
    ),
    # Versions, and a draft's sections, indicators and checks.
    path("reports/setup/<int:pk>/versions/new/", v.version_new_view, name="setup_version_new"),
    path("reports/setup/versions/<int:pk>/", v.version_view, name="setup_version"),
    path("reports/setup/versions/<int:pk>/edit/", v.version_edit_view, name="setup_version_edit"),
    path(
        "reports/setup/versions/<int:pk>/publish/",
        v.version_publish_view,
        name="setup_version_publish",
    ),
    path(
        "reports/setup/versions/<int:pk>/sections/new/",
        v.section_new_view,
        name="setup_section_new",
    ),
    path("reports/setup/sections/<int:pk>/edit/", v.section_edit_view, name="setup_section_edit"),
    path("reports/setup/sections/<int:pk>/move/", v.section_move_view, name="setup_section_move"),
    path(
        "reports/setup/sections/<int:pk>/delete/",
        v.section_delete_view,
        name="setup_section_delete",
    ),
    path(
        "reports/setup/sections/<int:pk>/indicators/new/",
        v.indicator_new_view,
        name="setup_indicator_new",
    ),
    path(
        "reports/setup/indicators/<int:pk>/edit/",
        v.indicator_edit_view,
        name="setup_indicator_edit",
    ),
    path(
        "reports/setup/indicators/<int:pk>/move/",
        v.indicator_move_view,
        name="setup_indicator_move",
    ),
    path(
        "reports/setup/indicators/<int:pk>/delete/",
        v.indicator_delete_view,
        name="setup_indicator_delete",
    ),
    path("reports/setup/versions/<int:pk>/checks/new/", v.check_new_view, name="setup_check_new"),
    path("reports/setup/checks/<int:pk>/delete/", v.check_delete_view, name="setup_check_delete"),
    # Who reports to whom on a template.
    path("reports/setup/<int:pk>/obligations/", v.obligations_view, name="setup_obligations"),
    path("reports/setup/<int:pk>/obligations/rules/new/", v.rule_new_view, name="setup_rule_new"),
    path(
        "reports/setup/obligation-rules/<int:pk>/apply/",
        v.rule_apply_view,
        name="setup_rule_apply",
    ),
    path(
        "reports/setup/<int:pk>/obligations/new/",
        v.obligation_new_view,
        name="setup_obligation_new",
    ),
    path(
        "reports/setup/obligations/<int:pk>/end/",
        v.obligation_end_view,
        name="setup_obligation_end",
    ),
    # The cut-off rules of the periods (system administrators).
    path("reports/setup/cutoffs/", v.cutoffs_view, name="setup_cutoffs"),
    path("reports/setup/cutoffs/<int:pk>/edit/", v.cutoff_edit_view, name="setup_cutoff_edit"),
]
