"""What Luật 136/2025/QH15 changes for the rows it does not replace, written on the rows.

Its day counts for resolving complaints were not found changed, so the rows stay; what
changes is that a suspension's days do not count (Luật Khiếu nại Art. 11a, NĐ 124/2020 Art. 28b
as amended by NĐ 155/2026) and that a withdrawn part is not resolved again (Art. 10).
"""

from django.db import migrations
from django.utils import timezone

SUSPENSION = (
    " Từ 01/07/2026 (Luật 136/2025/QH15, Luật Khiếu nại Điều 11a; NĐ 155/2026/NĐ-CP): thời gian "
    "tạm đình chỉ không tính vào thời hạn, thời hạn tiếp tục được tính từ ngày ban hành quyết "
    "định tiếp tục giải quyết; nội dung đã rút không được xem xét lại (Điều 10). Áp dụng cả với "
    "khiếu nại đã thụ lý trước 01/07/2026 chưa giải quyết (NĐ 155/2026, Điều 22)."
)
FIELDS = (
    "matter", "step", "days", "day_type", "complexity", "remote_area", "several_places",
    "effective_from", "effective_to", "legal_basis", "note",
)


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    History = apps.get_model("deadlines", "HistoricalDeadlineRule")
    now = timezone.now()
    for rule in DeadlineRule.objects.filter(
        matter__in=["complaint_first", "complaint_second"], step="resolution"
    ):
        if SUSPENSION.strip() in rule.note:
            continue
        rule.note = (rule.note + SUSPENSION).strip()
        rule.save(update_fields=["note"])
        History.objects.create(
            id=rule.pk, history_date=now, history_type="~", history_change_reason="Luật 136/2025",
            **{f: getattr(rule, f) for f in FIELDS},
        )


def backwards(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for rule in DeadlineRule.objects.filter(note__contains=SUSPENSION.strip()):
        rule.note = rule.note.replace(SUSPENSION, "").replace(SUSPENSION.strip(), "").strip()
        rule.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0006_calendar_and_rule_help")]

    operations = [migrations.RunPython(forwards, backwards)]
