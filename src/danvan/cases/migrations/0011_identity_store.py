"""The citizen's account moves from the matter into the identity store.

A denouncer's identity is secret (Luật Tố cáo 2018 Art. 56): the account that sent a matter
was on the matter (`submitted_by`), on its first event (the actor) and on its history rows
(`history_user`). From here on it is kept only as a keyed hash on the encrypted petitioner
record, and the events and history rows that named the sender name nobody.
"""

import hashlib

from django.db import migrations, models


def forwards(apps, schema_editor):
    from danvan.lib import crypto

    Case = apps.get_model("cases", "Case")
    Petitioner = apps.get_model("cases", "Petitioner")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    HistoricalCase = apps.get_model("cases", "HistoricalCase")
    Receipt = apps.get_model("cases", "SubmissionReceipt")

    def digest(user_id):
        return crypto.blind_index(str(user_id), kind="account")

    sent = Case.objects.filter(submitted_by__isnull=False).values_list("pk", "submitted_by_id")
    for case_id, user_id in sent.iterator(chunk_size=2000):
        Petitioner.objects.filter(case_id=case_id).update(account_index=digest(user_id))
        CaseEvent.objects.filter(
            case_id=case_id, actor_id=user_id, kind__in=("submitted", "rated")
        ).update(actor=None)
        HistoricalCase.objects.filter(id=case_id, history_user_id=user_id).update(
            history_user=None
        )
    pending = Receipt.objects.filter(submitted_by__isnull=False).values_list(
        "pk", "submitted_by_id"
    )
    for receipt_id, user_id in pending.iterator(chunk_size=2000):
        Receipt.objects.filter(pk=receipt_id).update(account_index=digest(user_id))
    # Keys were stored as sent, and whoever knew one got the matter's secret back. New keys
    # are client-scoped digests (services.intake.client_key); old ones become digests that
    # no request can produce again.
    for model in (Case, Receipt):
        keyed = model.objects.filter(idempotency_key__isnull=False)
        for pk, key in keyed.values_list("pk", "idempotency_key").iterator(chunk_size=2000):
            hashed = "k0:" + hashlib.sha256(key.encode()).hexdigest()
            model.objects.filter(pk=pk).update(idempotency_key=hashed)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_receipt_lean_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitioner",
            name="account_index",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="submissionreceipt",
            name="account_index",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="submissionreceipt",
            name="fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="submissionreceipt",
            name="receipt_account_idx",
        ),
        migrations.RemoveField(
            model_name="case",
            name="submitted_by",
        ),
        migrations.RemoveField(
            model_name="historicalcase",
            name="submitted_by",
        ),
        migrations.RemoveField(
            model_name="submissionreceipt",
            name="submitted_by",
        ),
        migrations.RemoveField(
            model_name='historicalcase',
            name='idempotency_key',
        ),
        migrations.AddIndex(
            model_name="submissionreceipt",
            index=models.Index(
                condition=models.Q(("account_index", ""), _negated=True),
                fields=["account_index"],
                name="receipt_account_idx",
            ),
        ),
    ]
