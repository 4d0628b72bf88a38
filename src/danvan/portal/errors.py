"""The 500 page inside the shell when it can be drawn; a plain Vietnamese page when it cannot
(the failure may be the database the shell reads)."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render

log = logging.getLogger(__name__)

PLAIN = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Đã có lỗi · Dân Vận Số</title></head><body><main>"
    "<h1>Đã có lỗi ở phía hệ thống</h1>"
    "<p>Hệ thống chưa xử lý được yêu cầu của bạn. Không có dữ liệu nào bị mất: "
    "yêu cầu bị lỗi không thay đổi gì.</p>"
    '<p>Vui lòng thử lại sau ít phút. <a href="/">Về trang chủ</a></p>'
    "</main></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the shell itself failed: say so plainly, never a bare traceback
        log.exception("The 500 page could not be drawn in the shell")
        return HttpResponseServerError(PLAIN)
