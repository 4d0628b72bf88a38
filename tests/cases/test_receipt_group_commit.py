"""Public submissions arriving together in one process are stored by one INSERT and one commit
(group commit), with the same answers as when each is stored alone.

Transactional: the group is written outside any transaction, each thread on its own database
connection, as under the web server. Such tests run last (see conftest).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from danvan.cases.models import SubmissionReceipt
from danvan.cases.services import receipts
from danvan.cases.services.codes import access_digest
from danvan.cases.services.intake import ReceiptResult, receive
from tests.cases.conftest import submission
from tests.factories import build_network

pytestmark = [
    pytest.mark.flushes_db,
    pytest.mark.django_db(transaction=True),
    # SQLite's in-memory test database shares one cache between threads, whose table locks
    # fail at once instead of waiting: threads writing together are tested on PostgreSQL
    # (`make test-pg`, and CI's second run).
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL"
    ),
]

THREADS = 8


def _together(count: int, call: Callable[[int], ReceiptResult]) -> list[ReceiptResult]:
    """Run `call` from `count` threads released at once; each closes its connection."""
    start = threading.Barrier(count)

    def run(n: int) -> ReceiptResult:
        try:
            start.wait()
            return call(n)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def network(reference_data):
    return build_network()


def _send(network, key: str | None) -> ReceiptResult:
    return receive(
        submission=submission(network, channel="api"), client="test", idempotency_key=key
    )


def _grouped_statements(monkeypatch) -> list[int]:
    """Record the size of every group written."""
    sizes: list[int] = []
    write = receipts._write_group

    def counted(group):  # type: ignore[no-untyped-def]
        sizes.append(len(group))
        write(group)

    monkeypatch.setattr(receipts, "_write_group", counted)
    return sizes


def test_submissions_sent_together_each_get_their_own_stored_receipt(network, monkeypatch):
    sizes = _grouped_statements(monkeypatch)
    answers = _together(THREADS, lambda n: _send(network, f"together-{n}"))
    assert all(a.created for a in answers)
    assert len({a.tracking_code for a in answers}) == THREADS
    stored = {r.tracking_code: r for r in SubmissionReceipt.objects.all()}
    assert len(stored) == THREADS
    for answer in answers:
        receipt = stored[answer.tracking_code]
        assert receipt.access_digest == access_digest(answer.tracking_code, answer.secret)
    # Every submission went through a group (of one or more), never a lost write.
    assert sum(sizes) == THREADS


def test_the_same_submission_sent_together_makes_one_receipt(network):
    answers = _together(THREADS, lambda n: _send(network, "same-key"))
    assert SubmissionReceipt.objects.count() == 1
    assert sum(a.created for a in answers) == 1
    assert len({(a.tracking_code, a.secret) for a in answers}) == 1


def test_a_failed_group_is_stored_one_by_one(network, monkeypatch):
    single = receipts._insert_sql

    def broken_for_groups(rows: int) -> str:
        return single(rows) if rows == 1 else "INSERT INTO no_such_table VALUES (1)"

    monkeypatch.setattr(receipts, "_insert_sql", broken_for_groups)
    answers = _together(THREADS, lambda n: _send(network, f"fallback-{n}"))
    assert all(a.created for a in answers)
    assert SubmissionReceipt.objects.count() == THREADS


def test_without_group_commit_each_receipt_is_stored_alone(network, settings, monkeypatch):
    settings.RECEIPT_GROUP_COMMIT = False
    sizes = _grouped_statements(monkeypatch)
    answers = _together(4, lambda n: _send(network, f"alone-{n}"))
    assert all(a.created for a in answers)
    assert SubmissionReceipt.objects.count() == 4
    assert sizes == []
