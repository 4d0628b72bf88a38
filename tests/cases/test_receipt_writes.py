"""How a receipt is written when it cannot, or need not, join a group (the group itself is
tested with threads in test_receipt_group_commit)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from danvan.cases.models import SubmissionReceipt
from danvan.cases.services import receipts
from danvan.cases.services.intake import receive
from tests.cases.conftest import submission

pytestmark = pytest.mark.django_db


def _row(key: str) -> receipts.NewReceipt:
    return receipts.NewReceipt(
        key=key,
        secret="ABCDEFGHJK",
        channel="api",
        received_at=timezone.now(),
        payload="{}",
        personal="",
        account_index="",
        fingerprint="",
    )


def test_two_codes_drawn_alike_in_one_group_are_kept_apart(monkeypatch):
    draws = iter(["DV2611AAAAAA", "DV2611AAAAAA", "DV2611BBBBBB"])
    monkeypatch.setattr(receipts, "tracking_code", lambda received_at: next(draws))
    group = []
    for n in range(2):
        row = _row(f"alike-{n}")
        row.draw()
        group.append(row)
    receipts._write_group(group)
    assert {row.stored.tracking_code for row in group if row.stored} == {
        "DV2611AAAAAA",
        "DV2611BBBBBB",
    }
    assert SubmissionReceipt.objects.count() == 2


def test_a_receipt_stored_inside_a_transaction_is_undone_with_it(network):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        receive(
            submission=submission(network, channel="api"), client="test", idempotency_key="inside"
        )
        assert SubmissionReceipt.objects.count() == 1
        raise Undo
    assert not SubmissionReceipt.objects.exists()


def test_a_key_twice_in_one_group_is_written_once_and_the_second_finds_the_first():
    first, second = _row("twice"), _row("twice")
    first.draw()
    second.draw()
    receipts._write_group([first, second])
    assert first.stored is not None and second.stored is None
    # The request whose row the group skipped stores it alone: the key is already there.
    stored, created = receipts._store_alone(second)
    assert not created and stored.pk == first.stored.pk
    assert SubmissionReceipt.objects.count() == 1
