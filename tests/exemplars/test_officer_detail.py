"""A model's page for officers: who sees it, which steps each one is offered, and each step
posted through the page (a forbidden one changes nothing)."""

import datetime as dt
import re

import pytest

from danvan.exemplars.models import (
    Evaluation,
    Exemplar,
    ExemplarState,
    Recognition,
    Replication,
    Review,
)
from tests.exemplars.conftest import FULL_MARKS, built, evaluated, recognized, register
from tests.factories import Role, Scope, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _url(exemplar):
    return f"/exemplars/{exemplar.pk}/"


def _offered(response):
    return {name for name, step in response.context["steps"].items() if step.allowed}


def _scores(marks=FULL_MARKS):
    return {f"score_{code}": str(score) for code, score in marks.items()}


def test_the_page_is_403_out_of_scope_and_404_when_missing(client, network):
    exemplar = register(network)
    client.force_login(user_with(network.province_b, Role.LEADER, Scope.SUBTREE))
    assert client.get(_url(exemplar)).status_code == 403
    assert client.post(_url(exemplar), {"action": "start"}).status_code == 403
    assert Exemplar.objects.get().state == ExemplarState.REGISTERED
    client.force_login(user_with(network.commune_a1, Role.OFFICER))
    assert client.get("/exemplars/999999/").status_code == 404


def test_the_page_shows_the_holder_results_and_history(client, network):
    exemplar = register(network, kind="individual", holder_name="Lê Văn Tâm")
    client.force_login(exemplar.registered_by)
    response = client.get(_url(exemplar))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Lê Văn Tâm" in body  # staff see the name, consent or not
    assert len(response.context["results"]) == 2
    [(record, changes)] = response.context["history"]
    assert record.history_user == exemplar.registered_by and changes == []


def test_the_steps_offered_to_each_user(client, network, province_officer, province_leader):
    exemplar = built(network)
    commune_officer = exemplar.registered_by

    client.force_login(commune_officer)
    assert _offered(client.get(_url(exemplar))) == set()  # building: nothing for the owner
    client.force_login(province_officer)
    page = client.get(_url(exemplar))
    assert _offered(page) == {"evaluate"}
    evaluate = page.context["steps"]["evaluate"].form
    assert list(evaluate.fields["by"].queryset) == [network.province_a]
    assert {f"score_{c}" for c in FULL_MARKS} <= set(evaluate.fields)
    assert 'name="score_hieu-qua"' in page.content.decode()

    services_evaluated = evaluated(network, province_officer)
    client.force_login(province_leader)
    page = client.get(_url(services_evaluated))
    assert {"evaluate", "recognize"} <= _offered(page)
    assert list(page.context["steps"]["recognize"].form.fields["by"].queryset) == [
        network.province_a
    ]
    ids = re.findall(r'\sid="([^"]+)"', page.content.decode())
    assert len(ids) == len(set(ids))  # the forms on one page do not share ids
    client.force_login(services_evaluated.registered_by)
    page = client.get(_url(services_evaluated))
    assert "recognize" not in _offered(page) and "evaluate" not in _offered(page)
    assert 'value="recognize"' not in page.content.decode()
    assert 'value="evaluate"' not in page.content.decode()
    client.force_login(province_officer)
    assert "recognize" not in _offered(client.get(_url(services_evaluated)))


def test_start_building_through_the_page(client, network):
    exemplar = register(network)
    client.force_login(exemplar.registered_by)
    assert _offered(client.get(_url(exemplar))) == {"start"}
    response = client.post(_url(exemplar), {"action": "start"})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.BUILDING
    assert exemplar.history.latest().history_user == exemplar.registered_by
    # Again: the state is wrong now; a message, nothing changes.
    again = client.post(_url(exemplar), {"action": "start"})
    assert again.status_code == 200
    assert Exemplar.objects.get().state == ExemplarState.BUILDING


def test_evaluate_through_the_page(client, network, province_officer):
    exemplar = built(network)
    client.force_login(province_officer)
    response = client.post(
        _url(exemplar),
        {"action": "evaluate", "by": network.province_a.pk, "comment": "Tốt", **_scores()},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.passed and evaluation.organization == network.province_a
    assert evaluation.evaluated_by == province_officer
    assert evaluation.scores == {k: str(v) for k, v in FULL_MARKS.items()}
    assert Exemplar.objects.get().state == ExemplarState.EVALUATED
    page = client.get(_url(exemplar))
    assert len(page.context["evaluations"]) == 1


def test_a_score_above_the_maximum_changes_nothing(client, network, province_officer):
    exemplar = built(network)
    client.force_login(province_officer)
    scores = _scores({**FULL_MARKS, "hieu-qua": 41})
    response = client.post(
        _url(exemplar), {"action": "evaluate", "by": network.province_a.pk, **scores}
    )
    assert response.status_code == 200
    assert response.context["steps"]["evaluate"].form.non_field_errors()
    assert not Evaluation.objects.exists()
    assert Exemplar.objects.get().state == ExemplarState.BUILDING


def test_the_commune_officer_cannot_evaluate_or_recognize(client, network, province_officer):
    exemplar = evaluated(network, province_officer)
    client.force_login(exemplar.registered_by)
    forbidden = client.post(
        _url(exemplar), {"action": "evaluate", "by": network.commune_a1.pk, **_scores()}
    )
    assert forbidden.status_code == 403
    forbidden = client.post(
        _url(exemplar),
        {
            "action": "recognize",
            "by": network.province_a.pk,
            "decision_number": "1/QĐ",
            "decision_date": "20/11/2026",
        },
    )
    assert forbidden.status_code == 403
    assert Evaluation.objects.count() == 1 and not Recognition.objects.exists()
    assert Exemplar.objects.get().state == ExemplarState.EVALUATED


def test_recognize_through_the_page(client, network, province_officer, province_leader):
    exemplar = evaluated(network, province_officer)
    client.force_login(province_leader)
    response = client.post(
        _url(exemplar),
        {
            "action": "recognize",
            "by": network.province_a.pk,
            "decision_number": "125/QĐ-BTGDV",
            "decision_date": "20/11/2026",
        },
    )
    assert response.status_code == 302
    recognition = Recognition.objects.get()
    assert recognition.decision_number == "125/QĐ-BTGDV"
    assert recognition.decision_date == dt.date(2026, 11, 20)
    assert recognition.level == "province" and recognition.recognized_by == province_leader
    exemplar.refresh_from_db()
    assert exemplar.state == ExemplarState.RECOGNIZED
    page = client.get(_url(exemplar))
    changed = [c.label for _record, changes in page.context["history"] for c in changes]
    assert changed  # the state and level changes are listed


def test_an_officer_cannot_recognize_and_a_future_decision_is_refused(
    client, network, province_officer, province_leader
):
    exemplar = evaluated(network, province_officer)
    data = {
        "action": "recognize",
        "by": network.province_a.pk,
        "decision_number": "125/QĐ-BTGDV",
        "decision_date": "20/11/2026",
    }
    client.force_login(province_officer)
    assert client.post(_url(exemplar), data).status_code == 403
    client.force_login(province_leader)
    future = client.post(_url(exemplar), {**data, "decision_date": "01/12/2026"})
    assert future.status_code == 200
    assert "decision_date" in future.context["steps"]["recognize"].form.errors
    assert not Recognition.objects.exists()
    assert Exemplar.objects.get().state == ExemplarState.EVALUATED


def test_record_a_replication_and_a_review(client, network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    client.force_login(province_officer)
    page = client.get(_url(exemplar))
    assert "replicate" in _offered(page)
    adopters = set(page.context["steps"]["replicate"].form.fields["organization"].queryset)
    assert network.commune_a2 in adopters and network.commune_a1 not in adopters
    response = client.post(
        _url(exemplar),
        {
            "action": "replicate",
            "organization": network.commune_a2.pk,
            "adopted_on": "10/11/2026",
            "note": "Áp dụng ở 3 thôn",
        },
    )
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert replication.organization == network.commune_a2
    assert replication.adopted_on == dt.date(2026, 11, 10)

    client.force_login(exemplar.registered_by)
    response = client.post(
        _url(exemplar),
        {"action": "review", "outcome": "maintained", "reviewed_on": "22/11/2026", "note": ""},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.outcome == "maintained" and review.reviewed_by == exemplar.registered_by


def test_a_review_before_recognition_changes_nothing(client, network):
    exemplar = built(network)
    client.force_login(exemplar.registered_by)
    response = client.post(
        _url(exemplar), {"action": "review", "outcome": "maintained", "reviewed_on": "22/11/2026"}
    )
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_an_outsider_cannot_record_a_replication(
    client, network, province_officer, province_leader
):
    exemplar = recognized(network, province_officer, province_leader)
    client.force_login(user_with(network.commune_a1, Role.OFFICER))
    response = client.post(
        _url(exemplar),
        {"action": "replicate", "organization": network.commune_a1.pk, "adopted_on": "10/11/2026"},
    )
    # The registering body's officer acts for no other body: not offered, refused.
    assert response.status_code == 403
    assert not Replication.objects.exists()
