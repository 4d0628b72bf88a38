"""Staff pages: funds (quỹ), their ledgers and the board's approvals."""

from django.urls import URLPattern, path

from . import views_funds as views

urlpatterns: list[URLPattern] = [
    path("quy/", views.list_view, name="funds"),
    path("quy/moi/", views.fund_new_view, name="fund_new"),
    path("quy/cho-duyet/", views.approvals_view, name="approvals"),
    path("quy/<int:pk>/", views.fund_view, name="fund"),
    path("quy/<int:pk>/sua/", views.fund_edit_view, name="fund_edit"),
    path("quy/<int:pk>/cong-khai/", views.publish_view, name="fund_publish"),
    path("quy/<int:pk>/thu/", views.receipt_new_view, name="receipt_new"),
    path("quy/<int:pk>/chi/", views.disbursement_new_view, name="disbursement_new"),
    path("quy/<int:pk>/chuyen/", views.transfer_new_view, name="transfer_new"),
    path(
        "quy/<int:pk>/but-toan/<int:entry>/dao/",
        views.entry_reverse_view,
        name="entry_reverse",
    ),
    path("quy/<int:pk>/ban-quan-ly/moi/", views.seat_new_view, name="board_seat_new"),
    path(
        "quy/<int:pk>/ban-quan-ly/<int:seat>/ket-thuc/",
        views.seat_end_view,
        name="board_seat_end",
    ),
    path("quy/<int:pk>/so-quy.<str:fmt>", views.export_view, name="fund_export"),
    path(
        "quy/chuyen/<int:pk>/doi-chieu/",
        views.transfer_reconcile_view,
        name="transfer_reconcile",
    ),
    path("quy/chuyen/<int:pk>/dao/", views.transfer_reverse_view, name="transfer_reverse"),
    path("quy/de-nghi/<int:pk>/duyet/", views.request_approve_view, name="request_approve"),
    path("quy/de-nghi/<int:pk>/tu-choi/", views.request_reject_view, name="request_reject"),
    path("quy/de-nghi/<int:pk>/rut/", views.request_withdraw_view, name="request_withdraw"),
]
