"""The measure of the similarity methods: who may read it, what it shows, its queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome
from danvan.insights.similarity.evaluate import METHODS, POSITIVE_KINDS
from tests.factories import Role, Scope, UserFactory, sign_in, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db

URL = "insights:similar_evaluation"


def _metrics(auc: float) -> dict:
    method = {
        "auc": auc,
        "f1": 0.9,
        "threshold": 0.5,
        "precision_at_1": 0.95,
        "kinds": {k: {"auc": auc, "precision_at_1": 0.9} for k in POSITIVE_KINDS},
    }
    return {
        "pairs": 160,
        "positives": 120,
        "texts": 200,
        "chosen": "combined",
        "methods": {m: dict(method, auc=auc - 0.1 * i) for i, m in enumerate(reversed(METHODS))},
    }


def _run(auc: float = 0.97) -> ModelRun:
    return ModelRun.objects.create(
        target=ModelTarget.SIMILAR,
        outcome=RunOutcome.TRAINED,
        trained_at=timezone.now(),
        metrics=_metrics(auc),
        active=True,
    )


@pytest.fixture
def people(network):
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "officer": user_with(network.commune_a1, Role.OFFICER),
        "leader": user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "unit_admin": user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE),
        "system_admin": user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE),
    }


MATRIX = {
    "anonymous": 302,
    "citizen": 403,
    "officer": 403,
    "leader": 200,
    "unit_admin": 403,
    "system_admin": 200,
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client, people, who):
    _run()
    user = people[who]
    if user is not None:
        (sign_in if who == "citizen" else sign_in_with_totp)(client, user)
    assert client.get(reverse(URL)).status_code == MATRIX[who]


def test_the_page_shows_each_method_and_the_chosen_one(client, people):
    _run(0.97)
    sign_in_with_totp(client, people["system_admin"])
    page = client.get(reverse(URL))
    html = page.content.decode()
    for m in METHODS:
        assert f'data-testid="method-{m}"' in html
    assert "0,970" in html or "0.970" in html
    assert 'data-chart="similar-evaluation-data"' in html
    assert page.context["rows"][0]["chosen"] is False
    assert [r["key"] for r in page.context["rows"] if r["chosen"]] == ["combined"]


def test_without_a_measure_the_page_says_how_to_make_one(client, people):
    sign_in_with_totp(client, people["leader"])
    assert 'data-testid="no-evaluation"' in client.get(reverse(URL)).content.decode()


@pytest.mark.parametrize("runs", [1, 8])
def test_query_count_does_not_grow_with_the_runs(
    client, people, runs, django_assert_max_num_queries
):
    for i in range(runs):
        _run(0.9 + i / 100)
    sign_in_with_totp(client, people["system_admin"])
    client.get(reverse(URL))  # warm the session's caches
    with django_assert_max_num_queries(12):
        assert client.get(reverse(URL)).status_code == 200
