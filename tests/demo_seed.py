"""The demo seed, once for a test module, inside a transaction rolled back at the end: each
test runs in a savepoint of it (pytest-django's django_db). Seeding takes tens of seconds;
once per module, not once per test."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management import call_command
from django.db import transaction


@contextmanager
def demo_seeded_once(django_db_blocker: Any, **options: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed", profile="demo", quiet=True, stdout=io.StringIO(), **options)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
