"""Two officers numbering at the same moment get two numbers, none skipped (PostgreSQL: each
thread on its own connection, as under the web server)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from danvan.directives.models import OutgoingDocument
from danvan.directives.services import register
from danvan.directives.services.register import OutgoingSpec
from danvan.org.models import OrganizationKind
from tests.factories import make_org, unit

pytestmark = [
    pytest.mark.flushes_db,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="concurrent writers need PostgreSQL"
    ),
]
THREADS = 8


@pytest.fixture
def body(reference_data):  # type: ignore[no-untyped-def]
    return make_org(unit=unit("01"), kind=OrganizationKind.PEOPLES_COMMITTEE)


def test_officers_issuing_at_once_get_consecutive_numbers(body) -> None:  # type: ignore[no-untyped-def]
    start = threading.Barrier(THREADS)

    def issue(n: int) -> str:
        try:
            start.wait()
            return register.issue(
                body=body,
                spec=OutgoingSpec(
                    kind="BC",
                    summary=f"Báo cáo {n}",
                    signer_name="A",
                    signer_title="Chủ tịch",
                    signed_on=dt.date(2026, 1, 5),
                ),
            ).symbol
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        symbols = list(pool.map(issue, range(THREADS)))
    assert sorted(symbols) == [f"{n:02d}/BC-UBND" for n in range(1, THREADS + 1)]
    assert OutgoingDocument.objects.count() == THREADS
