"""Schemathesis over the whole OpenAPI document: for every operation, requests that fit the
schema and requests that do not, as an officer with a token and anonymously; no answer may
be a server error (5xx). The issue's probe found 500s that the unit tests did not: NUL bytes,
numbers beyond 64 bits, bodies of the wrong type.

Bounded (a fixed number of examples per operation, derandomized) so that it runs in the
suite on SQLite in well under a minute and finds the same things every time; CI runs it on
PostgreSQL too, where NUL bytes fail differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from danvan.accounts.services import issue_api_token
from danvan.cases.models import Channel
from danvan.cases.services.intake import PersonData, Submission, submit
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

EXAMPLES = 25
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """Django as a WSGI app, called in the test's thread and transaction. Like Django's test
    client, it must not close the connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(network) -> str:  # type: ignore[no-untyped-def]
    officer = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    for i in range(3):
        submit(
            submission=Submission(
                title=f"Phản ánh thử {i}",
                content="Nội dung phản ánh để các điểm cuối có dữ liệu thật.",
                channel=Channel.WEB,
                unit=network.commune_a1.unit,
                person=PersonData(anonymous=True, consent=True),
            ),
            client="test",
            idempotency_key=None,
        )
    _token, raw = issue_api_token(user=officer, name="schemathesis")
    return raw


def _fuzz(schema: Any, app: WSGIHandler, headers: dict[str, str]) -> list[str]:
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if not headers and operation.definition.raw.get("security"):
            # Anonymous: the operations that need a user answer 401 before reading anything
            # but what the input checks read, which the public operations exercise already.
            continue
        for mode in MODES:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                # Each request in a savepoint rolled back: a write that failed, on
                # PostgreSQL, must not poison the requests after it.
                with transaction.atomic():
                    case.call_and_validate(app=app, headers=headers, checks=[not_a_server_error])
                    transaction.set_rollback(True)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing to get wrong: an operation without parameters has no negatives
            except Exception as error:  # every operation is tried; all failures reported
                failures.append(f"{operation.label} ({mode}): {error}")
    return failures


def test_no_operation_answers_a_server_error(app, officer_token):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures = _fuzz(schema, app, {"Authorization": f"Bearer {officer_token}"})
    failures += _fuzz(schema, app, {})
    assert not failures, "\n\n".join(failures)
