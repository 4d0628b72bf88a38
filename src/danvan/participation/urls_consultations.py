"""Staff pages of the consultations subdomain (namespace "participation")."""

from django.urls import URLPattern, path

from . import views_consultations as v

urlpatterns: list[URLPattern] = [
    path("consultations/", v.list_view, name="consultations"),
    path("consultations/new/", v.new_view, name="consultation_new"),
    path("consultations/<int:pk>/", v.detail_view, name="consultation"),
    path("consultations/<int:pk>/edit/", v.edit_view, name="consultation_edit"),
    path("consultations/<int:pk>/parts/", v.parts_view, name="consultation_parts"),
    path("consultations/<int:pk>/parts/<int:part_pk>/", v.part_view, name="consultation_part"),
    path(
        "consultations/<int:pk>/parts/<int:part_pk>/delete/",
        v.part_delete_view,
        name="consultation_part_delete",
    ),
    path("consultations/<int:pk>/upload/", v.upload_view, name="consultation_upload"),
    path("consultations/<int:pk>/draft.docx", v.file_view, name="consultation_file"),
    path("consultations/<int:pk>/open/", v.open_view, name="consultation_open"),
    path("consultations/<int:pk>/close/", v.close_view, name="consultation_close"),
    path("consultations/<int:pk>/publish/", v.publish_view, name="consultation_publish"),
    path("consultations/<int:pk>/comments/", v.comments_view, name="consultation_comments"),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/answer/",
        v.answer_view,
        name="consultation_comment_answer",
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/hide/",
        v.hide_view,
        name="consultation_comment_hide",
    ),
    path(
        "consultations/<int:pk>/comments/<int:comment_pk>/show/",
        v.show_view,
        name="consultation_comment_show",
    ),
    path(
        "consultations/<int:pk>/synthesis.docx",
        v.synthesis_docx_view,
        name="consultation_synthesis_docx",
    ),
    path(
        "consultations/<int:pk>/synthesis.xlsx",
        v.synthesis_xlsx_view,
        name="consultation_synthesis_xlsx",
    ),
    path(
        "consultations/<int:pk>/comments.xlsx",
        v.comments_xlsx_view,
        name="consultation_comments_xlsx",
    ),
]
