"""The announced swap days (hoán đổi ngày làm việc) of 2025–2026 for state bodies, as data.

Public holidays come from the `holidays` package (pinned); these rows are what the
Government announces each year and what makes the calendar independent of the package's
own list. 2027 had no announcement when this was written: administrators are reminded each
autumn to enter the next year's (deadlines.services.remind_next_year).
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

CV8726 = "Công văn 8726/VPCP-KGVX ngày 26/11/2024; Thông báo 6150/TB-BLĐTBXH"
VB12729 = "Văn bản 12729/VPCP-KGVX ngày 25/12/2025"
TB9441 = "Thông báo 9441/TB-BNV ngày 16/10/2025 (ngày theo tin công bố, chưa đối chiếu toàn văn)"

SWAPS = [
    (dt.date(2025, 4, 26), "working_day", "Làm bù cho thứ Sáu 02/05/2025", CV8726),
    (dt.date(2025, 5, 2), "day_off", "Nghỉ hoán đổi dịp 30/4 – 1/5/2025", CV8726),
    (dt.date(2026, 1, 2), "day_off", "Nghỉ hoán đổi dịp Tết Dương lịch 2026", VB12729),
    (dt.date(2026, 1, 10), "working_day", "Làm bù cho thứ Sáu 02/01/2026", VB12729),
    (dt.date(2026, 8, 22), "working_day", "Làm bù cho thứ Hai 31/08/2026", TB9441),
    (dt.date(2026, 8, 31), "day_off", "Nghỉ hoán đổi dịp Quốc khánh 2026", TB9441),
]


def forwards(apps, schema_editor):
    CalendarException = apps.get_model("deadlines", "CalendarException")
    History = apps.get_model("deadlines", "HistoricalCalendarException")
    now = timezone.now()
    for date, kind, name, basis in SWAPS:
        row, created = CalendarException.objects.update_or_create(
            date=date, defaults={"kind": kind, "name": name, "legal_basis": basis}
        )
        History.objects.create(
            id=row.pk, date=date, kind=kind, name=name, legal_basis=basis, history_date=now,
            history_type="+" if created else "~", history_change_reason="seed",
        )


def backwards(apps, schema_editor):
    CalendarException = apps.get_model("deadlines", "CalendarException")
    # Only the rows as seeded: one an administrator changed since is theirs.
    for date, kind, name, basis in SWAPS:
        CalendarException.objects.filter(
            date=date, kind=kind, name=name, legal_basis=basis
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0004_rules_2026")]

    operations = [migrations.RunPython(forwards, backwards)]
