"""The classifiers' evaluation page and its retrain action: who may (the permission matrix),
what it shows (measures by class, the date trained, acceptance, the notice with too few
labels), bad input, and its queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from danvan.insights.models import ModelRun, ModelTarget, RunOutcome, Suggestion
from danvan.insights.services import suggestions
from danvan.insights.suggesting import prediction
from tests.factories import Role, Scope, UserFactory, sign_in, sign_in_with_totp, user_with
from tests.insights.labelled import labelled_matters, make_labelled_cases

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_models():  # type: ignore[no-untyped-def]
    prediction.forget()
    yield
    prediction.forget()


def _people(network):  # type: ignore[no-untyped-def]
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "officer": user_with(network.commune_a1, Role.OFFICER),
        "leader": user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "unit_admin": user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE),
        "system_admin": user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE),
    }


# who → (view the evaluation, retrain): the status each gets.
MATRIX = {
    "anonymous": (302, 302),
    "citizen": (403, 403),
    "officer": (403, 403),
    "leader": (200, 403),
    "unit_admin": (403, 403),
    "system_admin": (200, 302),
}


def _train_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith=".train_classifiers").count()


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client, network, who, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    user = _people(network)[who]
    if user is not None:
        (sign_in if who == "citizen" else sign_in_with_totp)(client, user)
    view, retrain = MATRIX[who]
    assert client.get(reverse("insights:models")).status_code == view
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:models_train"), {"target": "all"})
    assert response.status_code == retrain
    assert _train_queued() == (1 if who == "system_admin" else 0)
    assert client.get(reverse("insights:models_train")).status_code in (302, 403, 405)


def test_the_retrain_queues_the_chosen_classifier_and_refuses_bad_input(
    client, network, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE))
    url = reverse("insights:models_train")
    assert client.post(url, {"target": "weather"}).status_code == 400
    assert client.post(url, {"target": "kind", "seed": "x"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"target": "kind", "seed": "5"})
    assert response.status_code == 302
    queued = DBTaskResult.objects.get(task_path__endswith=".train_classifiers")
    assert queued.args_kwargs["args"][:2] == [["kind"], 5]


def test_the_queued_training_records_a_run(network) -> None:  # type: ignore[no-untyped-def]
    from danvan.insights.suggesting.tasks import train_classifiers

    make_labelled_cases(labelled_matters(200, seed=3), unit=network.commune_a1.unit)
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    ids = train_classifiers.call(["kind"], 1, admin.pk)
    run = ModelRun.objects.get(pk=ids[0])
    assert run.trained_by == admin and run.active and run.seed == 1


def test_the_page_shows_each_class_s_measures_date_and_acceptance(client, network) -> None:  # type: ignore[no-untyped-def]
    cases = make_labelled_cases(labelled_matters(300, seed=4), unit=network.commune_a1.unit)
    run = suggestions.train(target=ModelTarget.KIND, seed=0)
    # Two suggestions decided: one kept, one corrected.
    for case, value in (
        (cases[0], cases[0].kind),
        (cases[1], "denunciation" if cases[1].kind != "denunciation" else "feedback"),
    ):
        Suggestion.objects.create(case=case, run=run, target="kind", value=value, confidence=0.9)
    suggestions.record_decisions()
    sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("insights:models"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="classes-kind"' in html
    section = response.context["sections"][1]
    assert section["target"] == "kind" and section["active"].run.pk == run.pk
    assert section["active"].acceptance == 50.0
    assert {c["value"] for c in section["active"].classes} == set(run.metrics["classes"])
    assert section["chart"].labels and len(section["chart"].series) == 2
    assert run.trained_at.astimezone().strftime("%d/%m/%Y") in html or "/" in html
    assert 'data-testid="never-field"' in html  # the field classifier was never trained
    assert 'data-testid="retrain"' not in html  # a leader reads, does not retrain


def test_the_page_says_when_there_were_too_few_labels(client, network) -> None:  # type: ignore[no-untyped-def]
    make_labelled_cases(labelled_matters(30, seed=2), unit=network.commune_a1.unit)
    run = suggestions.train(target=ModelTarget.FIELD, seed=0)
    assert run.outcome == RunOutcome.TOO_FEW
    sign_in_with_totp(client, user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE))
    html = client.get(reverse("insights:models")).content.decode()
    assert 'data-testid="too-few-field"' in html
    assert 'data-testid="active-field"' not in html
    assert 'data-testid="retrain"' in html


def test_the_page_reads_in_few_queries_however_many_runs(  # type: ignore[no-untyped-def]
    client, network, django_assert_max_num_queries
) -> None:
    cases = make_labelled_cases(labelled_matters(200, seed=5), unit=network.commune_a1.unit)

    def train(seed: int) -> None:
        for target in (ModelTarget.FIELD, ModelTarget.KIND):
            run = suggestions.train(target=target, seed=seed)
            Suggestion.objects.create(
                case=cases[seed], run=run, target=target, value="x", confidence=0.5
            )

    train(0)
    sign_in_with_totp(client, user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE))
    url = reverse("insights:models")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    train(1)
    train(2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["sections"][0]["rows"]) == 3
