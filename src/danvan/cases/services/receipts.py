"""Storing a submission's receipt: the one write a public submission waits for.

A receipt is stored in one of two ways, with the same rows and the same answers:

- **alone**: one `INSERT … ON CONFLICT DO NOTHING RETURNING id`, inside the caller's
  transaction when there is one (the web form writes the receipt and the matter together);
- **together** (group commit), when the caller is in no transaction: submissions arriving at
  the same moment in one process are written by one multi-row INSERT, committed once. The
  first to arrive writes; whoever arrives meanwhile waits, and the first of them writes all
  of them next. Nobody is answered before their own row is committed, so a receipt is just
  as durable, while the database parses, plans and flushes its log once per group instead
  of once per citizen. A row the group did not insert (its key already there, a tracking
  code already drawn) or a group that failed is stored again alone, by its own request.

Raw SQL on purpose: the ORM's save() (signals, model state, the compiler) costs more than
the insert itself, and ON CONFLICT DO NOTHING needs no savepoint inside a transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection

from ..models import SubmissionReceipt
from .codes import access_digest, tracking_code

logger = logging.getLogger(__name__)

_COLUMNS = (
    "tracking_code, access_digest, idempotency_key, channel, received_at, payload, personal, "
    "account_index, fingerprint, error"
)
_PLACEHOLDERS = "(%s, %s, %s, %s, %s, %s, %s, %s, %s, '')"


@dataclass(frozen=True, slots=True)
class Stored:
    pk: int
    tracking_code: str
    case_id: int | None
    fingerprint: str


@dataclass(slots=True, eq=False)
class NewReceipt:
    """One receipt to write; `payload` and `personal` are already serialized (and
    `personal` encrypted)."""

    key: str | None
    secret: str
    channel: str
    received_at: dt.datetime
    payload: str
    personal: str
    account_index: str
    fingerprint: str
    code: str = ""
    # Group commit: set by whoever writes the group; `lead` hands the writing over.
    stored: Stored | None = None
    lead: bool = False
    done: threading.Event = field(default_factory=threading.Event)

    def draw(self) -> None:
        self.code = tracking_code(self.received_at)

    def params(self) -> list[Any]:
        return [
            self.code,
            access_digest(self.code, self.secret),
            self.key,
            self.channel,
            connection.ops.adapt_datetimefield_value(self.received_at),
            self.payload,
            self.personal,
            self.account_index,
            self.fingerprint,
        ]


def store(receipt: NewReceipt) -> tuple[Stored, bool]:
    """Store the receipt, or find the one stored earlier with the same idempotency key.
    Returns it and whether it is new."""
    if not connection.in_atomic_block and settings.RECEIPT_GROUP_COMMIT:
        receipt.draw()
        stored = _group.write(receipt)
        if stored is not None:
            return stored, True
    return _store_alone(receipt)


def _insert_sql(rows: int) -> str:
    table = connection.ops.quote_name(SubmissionReceipt._meta.db_table)
    # Only the table's own quoted name and fixed columns are interpolated; values are bound.
    return (
        f"INSERT INTO {table} ({_COLUMNS}) VALUES "  # noqa: S608
        + ", ".join([_PLACEHOLDERS] * rows)
        + " ON CONFLICT DO NOTHING RETURNING id, tracking_code"
    )


def _store_alone(receipt: NewReceipt) -> tuple[Stored, bool]:
    """One INSERT that cannot fail on a duplicate: a key already there means the same
    submission again (answered from the stored receipt); a tracking code already drawn means
    draw again."""
    sql = _insert_sql(1)
    for _attempt in range(5):
        receipt.draw()
        with connection.cursor() as cursor:
            cursor.execute(sql, receipt.params())
            row = cursor.fetchone()
        if row is not None:
            return Stored(row[0], receipt.code, None, receipt.fingerprint), True
        if receipt.key and (
            existing := SubmissionReceipt.objects.filter(idempotency_key=receipt.key)
            .values_list("pk", "tracking_code", "case_id", "fingerprint")
            .first()
        ):
            return Stored(*existing), False
        # Otherwise two submissions drew the same tracking code: draw again.
    raise IntegrityError("no free tracking code after 5 draws")


class _GroupCommit:
    """Leader and followers: no thread of its own, no connection of its own. The writer is
    always a request that is waiting anyway, on its own thread's connection."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[NewReceipt] = []
        self._writing = False

    def write(self, receipt: NewReceipt) -> Stored | None:
        with self._lock:
            self._waiting.append(receipt)
            leading = not self._writing
            self._writing = True
        if not leading:
            receipt.done.wait()
            if not receipt.lead:
                return receipt.stored
        with self._lock:
            group, self._waiting = self._waiting, []
        try:
            _write_group(group)
        finally:
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                if successor is None:
                    self._writing = False
                else:
                    successor.lead = True
            for other in group:
                if other is not receipt:
                    other.done.set()
            if successor is not None:
                successor.done.set()
        return receipt.stored


def _write_group(group: list[NewReceipt]) -> None:
    """One statement for the group. Rows it skipped (and, should it fail, all of them) keep
    `stored` empty: their own requests store them alone, with the usual answers."""
    drawn: set[str] = set()
    for receipt in group:
        while receipt.code in drawn:  # two codes drawn alike in one group: keep them apart
            receipt.draw()
        drawn.add(receipt.code)
    params = [value for receipt in group for value in receipt.params()]
    try:
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql(len(group)), params)
            rows = cursor.fetchall()
    except Exception:
        logger.exception("a group of %d receipts failed; each is stored alone", len(group))
        return
    by_code = {receipt.code: receipt for receipt in group}
    for pk, code in rows:
        by_code[code].stored = Stored(pk, code, None, by_code[code].fingerprint)


_group = _GroupCommit()
