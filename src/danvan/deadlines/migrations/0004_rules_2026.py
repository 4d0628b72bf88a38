"""Rows for issue 15: the letter-handling limit every matter gets, and the acceptance limit of
complaints from 01/07/2026 (Luật 136/2025/QH15 and its decree).

Sources read are listed in docs/decisions/0015-deadline-plan.md; a row whose article could
not be confirmed says so in its note.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

TT05 = "Thông tư 05/2021/TT-TTCP"  # quy trình xử lý đơn, in force 15/11/2021
ND155 = "NĐ 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP)"
LAW_136 = dt.date(2026, 7, 1)

NEW = [
    # (matter, step, days, day_type, complexity, remote, several, from, basis, note)
    ("letter", "handling", 10, "working", "normal", False, False, dt.date(2021, 11, 15),
     TT05,
     "Xử lý đơn: vào sổ, phân loại, quyết định thụ lý, chuyển, hướng dẫn hoặc lưu đơn. Tính từ "
     "ngày cơ quan đang xử lý nhận được đơn (ngày nhận lại khi đơn được chuyển đến). Cổng Dịch vụ "
     "công quốc gia (thủ tục xử lý đơn): \"Trong thời hạn 10 ngày, kể từ ngày nhận được đơn\"; "
     "điều khoản của Thông tư cần đối chiếu với bản chính thức."),
    ("complaint_first", "acceptance", 7, "working", "normal", False, False, LAW_136,
     ND155,
     "Tính từ ngày nhận được khiếu nại. Thay thời hạn 10 ngày từ 01/07/2026 (Luật 136/2025/QH15 "
     "và Nghị định hướng dẫn); văn bản đọc từ bản sao, cần đối chiếu Công báo."),
    ("complaint_second", "acceptance", 7, "working", "normal", False, False, LAW_136,
     ND155,
     "Tính từ ngày nhận được khiếu nại. Thay thời hạn 10 ngày từ 01/07/2026 (Luật 136/2025/QH15 "
     "và Nghị định hướng dẫn); văn bản đọc từ bản sao, cần đối chiếu Công báo."),
]

FIELDS = (
    "matter", "step", "days", "day_type", "complexity", "remote_area", "several_places",
    "effective_from", "legal_basis", "note",
)


def _history(History, rule, now, kind, reason):
    History.objects.create(
        id=rule.pk, history_date=now, history_type=kind, history_change_reason=reason,
        **{f: getattr(rule, f) for f in FIELDS}, effective_to=rule.effective_to,
    )


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    History = apps.get_model("deadlines", "HistoricalDeadlineRule")
    now = timezone.now()
    # The ten-day acceptance of the Law on Complaints ends the day before the new limit.
    for rule in DeadlineRule.objects.filter(
        matter__in=["complaint_first", "complaint_second"], step="acceptance",
        effective_to__isnull=True, effective_from__lt=LAW_136,
    ):
        rule.effective_to = LAW_136 - dt.timedelta(days=1)
        rule.save(update_fields=["effective_to"])
        _history(History, rule, now, "~", "amended")
    for row in NEW:
        values = dict(zip(FIELDS, row, strict=True))
        key = {k: values.pop(k) for k in (
            "matter", "step", "complexity", "remote_area", "several_places", "effective_from"
        )}
        # An administrator may have entered the row already (services.amend_rule): keep it.
        rule, created = DeadlineRule.objects.get_or_create(**key, defaults=values)
        if created:
            _history(History, rule, now, "+", "seed")


def backwards(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for row in NEW:
        values = dict(zip(FIELDS, row, strict=True))
        DeadlineRule.objects.filter(
            matter=values["matter"], step=values["step"], effective_from=values["effective_from"]
        ).delete()
    DeadlineRule.objects.filter(
        matter__in=["complaint_first", "complaint_second"], step="acceptance",
        effective_to=LAW_136 - dt.timedelta(days=1),
    ).update(effective_to=None)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_letter_handling_and_remote_communes")]

    operations = [migrations.RunPython(forwards, backwards)]
