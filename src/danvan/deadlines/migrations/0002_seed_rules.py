"""The time limits of DESIGN.md §4, as the laws in force before Luật 136/2025/QH15 set them.

Luật 136/2025/QH15 amends the three laws from 01/07/2026; its limits are not in our sources,
so they are not here: an administrator adds them as new rows (services.amend_rule).
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

KN = "Luật Khiếu nại 2011"  # 02/2011/QH13, in force 01/07/2012
TC = "Luật Tố cáo 2018"  # 25/2018/QH14, in force 01/01/2019
TCD = "Luật Tiếp công dân 2013"  # 42/2013/QH13, in force 01/07/2014
ND20 = "Nghị định 20/2008/NĐ-CP"
KN_FROM = dt.date(2012, 7, 1)
TC_FROM = dt.date(2019, 1, 1)
TCD_FROM = dt.date(2014, 7, 1)
ND20_FROM = dt.date(2008, 3, 10)

FROM_RECEIPT = "Tính từ ngày nhận được đơn."
FROM_ACCEPTANCE = "Tính từ ngày thụ lý."
REMOTE = "Vùng sâu, vùng xa đi lại khó khăn."

# (matter, step, days, day_type, complexity, remote_area, several_places, from, basis, note)
RULES = [
    ("complaint_first", "acceptance", 10, "working", "normal", False, False, KN_FROM,
     f"{KN}, Điều 27", f"{FROM_RECEIPT} Hướng dẫn: Thông tư 07/2013/TT-TTCP."),
    ("complaint_second", "acceptance", 10, "working", "normal", False, False, KN_FROM,
     f"{KN}, Điều 36", f"{FROM_RECEIPT} Hướng dẫn: Thông tư 07/2013/TT-TTCP."),
    ("complaint_first", "resolution", 30, "calendar", "normal", False, False, KN_FROM,
     f"{KN}, Điều 28", FROM_ACCEPTANCE),
    ("complaint_first", "resolution", 45, "calendar", "complex", False, False, KN_FROM,
     f"{KN}, Điều 28", f"{FROM_ACCEPTANCE} Vụ việc phức tạp."),
    ("complaint_first", "resolution", 45, "calendar", "normal", True, False, KN_FROM,
     f"{KN}, Điều 28", f"{FROM_ACCEPTANCE} {REMOTE}"),
    ("complaint_first", "resolution", 60, "calendar", "complex", True, False, KN_FROM,
     f"{KN}, Điều 28", f"{FROM_ACCEPTANCE} {REMOTE} Vụ việc phức tạp."),
    ("complaint_second", "resolution", 45, "calendar", "normal", False, False, KN_FROM,
     f"{KN}, Điều 37", FROM_ACCEPTANCE),
    ("complaint_second", "resolution", 60, "calendar", "complex", False, False, KN_FROM,
     f"{KN}, Điều 37", f"{FROM_ACCEPTANCE} Vụ việc phức tạp."),
    ("complaint_second", "resolution", 60, "calendar", "normal", True, False, KN_FROM,
     f"{KN}, Điều 37", f"{FROM_ACCEPTANCE} {REMOTE}"),
    ("complaint_second", "resolution", 70, "calendar", "complex", True, False, KN_FROM,
     f"{KN}, Điều 37", f"{FROM_ACCEPTANCE} {REMOTE} Vụ việc phức tạp."),
    ("complaint_first", "filing_limit", 90, "calendar", "normal", False, False, KN_FROM,
     f"{KN}, Điều 9",
     "Thời hiệu khiếu nại, tính từ ngày nhận được hoặc biết được quyết định hành chính, "
     "hành vi hành chính."),
    ("denunciation", "initial_processing", 7, "working", "normal", False, False, TC_FROM,
     f"{TC}, Điều 24, khoản 1", FROM_RECEIPT),
    ("denunciation", "initial_processing", 10, "working", "normal", False, True, TC_FROM,
     f"{TC}, Điều 24, khoản 1",
     f"{FROM_RECEIPT} Phải kiểm tra, xác minh tại nhiều địa điểm."),
    ("denunciation", "forwarding", 5, "working", "normal", False, False, TC_FROM,
     f"{TC}, Điều 24, khoản 2", f"{FROM_RECEIPT} Tố cáo không thuộc thẩm quyền."),
    ("denunciation", "resolution", 30, "calendar", "normal", False, False, TC_FROM,
     f"{TC}, Điều 30", FROM_ACCEPTANCE),
    ("denunciation", "resolution", 60, "calendar", "complex", False, False, TC_FROM,
     f"{TC}, Điều 30",
     f"{FROM_ACCEPTANCE} Vụ việc phức tạp: gia hạn một lần, không quá 30 ngày."),
    ("denunciation", "resolution", 90, "calendar", "especially_complex", False, False, TC_FROM,
     f"{TC}, Điều 30",
     f"{FROM_ACCEPTANCE} Vụ việc đặc biệt phức tạp: gia hạn hai lần, mỗi lần không quá "
     "30 ngày."),
    ("citizen_reception", "reply", 10, "working", "normal", False, False, TCD_FROM,
     f"{TCD}, Điều 28", "Trả lời kết quả xử lý cho người đến trình bày."),
    ("feedback", "forwarding", 5, "working", "normal", False, False, ND20_FROM,
     f"{ND20}, Điều 9",
     "Phản ánh, kiến nghị về quy định hành chính không thuộc thẩm quyền. "
     "Ngày hiệu lực cần đối chiếu."),
]

FIELDS = (
    "matter", "step", "days", "day_type", "complexity", "remote_area", "several_places",
    "effective_from", "legal_basis", "note",
)


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    History = apps.get_model("deadlines", "HistoricalDeadlineRule")
    now = timezone.now()
    for row in RULES:
        values = dict(zip(FIELDS, row, strict=True))
        rule = DeadlineRule.objects.create(**values)
        # The audit trail of a rule starts with its seeding, like any later edit.
        History.objects.create(
            id=rule.pk, history_date=now, history_type="+", history_change_reason="seed",
            effective_to=None, **values,
        )


def unseed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    History = apps.get_model("deadlines", "HistoricalDeadlineRule")
    for row in RULES:
        values = dict(zip(FIELDS, row, strict=True))
        key = {k: values[k] for k in (
            "matter", "step", "complexity", "remote_area", "several_places", "effective_from"
        )}
        ids = list(DeadlineRule.objects.filter(**key).values_list("pk", flat=True))
        History.objects.filter(id__in=ids, history_change_reason="seed").delete()
        DeadlineRule.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
