"""Matters recorded before the deadline plan (issue 15): a moved matter's clock starts on the
day it last moved, and a closed matter keeps no open deadline. Open matters get their plan
from `danvan recompute_deadlines` (the services, not frozen here), run once after upgrading."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

OPEN_STATES = [
    "received", "classified", "accepted", "in_progress", "extended", "suspended", "reopened",
]


def settle(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseDeadline = apps.get_model("cases", "CaseDeadline")
    CaseTransfer = apps.get_model("cases", "CaseTransfer")
    moved = CaseTransfer.objects.filter(
        case_id=OuterRef("pk"), kind__in=["forward", "return_down"]
    ).order_by("-at")
    Case.objects.filter(pk__in=moved.values("case_id")).update(
        handled_since=Subquery(moved.values("at")[:1])
    )
    now = timezone.now()
    closed = Case.objects.exclude(state__in=OPEN_STATES)
    CaseDeadline.objects.filter(
        case__in=closed, met_at__isnull=True, closed_at__isnull=True
    ).update(closed_at=now)
    closed.exclude(next_due_date=None).update(next_due_date=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_deadline_plan")]

    operations = [migrations.RunPython(settle, migrations.RunPython.noop)]
