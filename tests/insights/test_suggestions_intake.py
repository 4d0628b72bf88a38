"""Suggestions on the officer's classification form: shown from the active classifiers,
never deciding (the form is neither submitted nor pre-filled until the officer asks), recorded
once, matched later with the officer's choice; no suggestion and a notice with too few labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.cases.models import CaseEvent, CaseField, CaseKind, CaseState
from danvan.cases.services.intake import submit
from danvan.insights.models import ModelTarget, Suggestion
from danvan.insights.services import suggestions
from danvan.insights.suggesting import prediction
from tests.cases.conftest import submission
from tests.factories import Role, sign_in_with_totp, user_with
from tests.insights.labelled import labelled_matters, make_labelled_cases

pytestmark = pytest.mark.django_db

LAND_COMPLAINT = (
    "Đơn khiếu nại quyết định thu hồi đất",
    "Tôi khiếu nại quyết định thu hồi đất nông nghiệp của gia đình vì giá bồi thường giải "
    "phóng mặt bằng thấp, chưa được bố trí tái định cư. Đề nghị thu hồi quyết định.",
)


@pytest.fixture(autouse=True)
def _fresh_models():  # type: ignore[no-untyped-def]
    prediction.forget()
    yield
    prediction.forget()


def _trained(network, n=600):  # type: ignore[no-untyped-def]
    make_labelled_cases(labelled_matters(n, seed=7), unit=network.commune_a1.unit)
    return [suggestions.train(target=t, seed=0) for t in (ModelTarget.FIELD, ModelTarget.KIND)]


def _new_matter(network, texts=LAND_COMPLAINT, key="sg-1"):  # type: ignore[no-untyped-def]
    title, content = texts
    return submit(
        submission=submission(network, title=title, content=content),
        client="test",
        idempotency_key=key,
    ).case


@pytest.fixture
def officer(network):  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1_committee, Role.OFFICER)


def test_the_form_shows_the_suggestion_and_classifies_nothing(client, network, officer) -> None:  # type: ignore[no-untyped-def]
    _trained(network)
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="suggested-field" data-value="dat-dai"' in html
    assert 'data-testid="suggested-kind" data-value="complaint"' in html
    assert 'data-testid="use-suggestion"' in html
    # Not decided: the matter is as received, the form is not pre-filled with the suggestion.
    case.refresh_from_db()
    assert case.kind == CaseKind.UNCLASSIFIED and case.state == CaseState.RECEIVED
    assert case.field_id is None
    form = response.context["forms"]["classify"]
    assert form.initial["kind"] == CaseKind.UNCLASSIFIED and form.initial["field"] is None
    assert not case.events.filter(kind="classified").exists()
    # Recorded once per matter, target and run, however often the page is opened.
    client.get(url)
    rows = Suggestion.objects.filter(case=case)
    assert sorted(rows.values_list("target", "value")) == [
        ("field", "dat-dai"),
        ("kind", "complaint"),
    ]
    assert all(0.4 <= r.confidence <= 1 for r in rows)


def test_using_the_suggestion_only_fills_the_form(client, network, officer) -> None:  # type: ignore[no-untyped-def]
    _trained(network)
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    events = CaseEvent.objects.filter(case=case).count()
    response = client.get(reverse("cases:detail", args=[case.tracking_code]) + "?use_suggestion=1")
    assert response.status_code == 200
    form = response.context["forms"]["classify"]
    land = CaseField.objects.get(code="dat-dai")
    assert form.initial["kind"] == "complaint" and form.initial["field"] == str(land.pk)
    assert 'data-testid="suggestion-used"' in response.content.decode()
    case.refresh_from_db()
    assert case.kind == CaseKind.UNCLASSIFIED and case.field_id is None
    assert CaseEvent.objects.filter(case=case).count() == events


def test_the_officers_choice_is_recorded_against_the_suggestion(client, network, officer) -> None:  # type: ignore[no-untyped-def]
    _trained(network)
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    client.get(url)
    assert suggestions.record_decisions() == 0  # not classified yet: nothing to match
    # The officer keeps the kind and corrects the field.
    social = CaseField.objects.get(code="an-sinh-xa-hoi")
    response = client.post(
        url,
        {
            "action": "classify",
            "kind": "complaint",
            "field": social.pk,
            "complexity": "normal",
            "complaint_round": "first",
        },
    )
    assert response.status_code == 302
    assert suggestions.record_decisions() == 2
    chosen = dict(Suggestion.objects.filter(case=case).values_list("target", "chosen"))
    assert chosen == {"kind": "complaint", "field": "an-sinh-xa-hoi"}
    assert not Suggestion.objects.filter(case=case, decided_at__isnull=True).exists()
    assert suggestions.record_decisions() == 0  # decided once
    # A classified matter gets no new suggestion.
    assert 'data-testid="classify-suggestions"' not in client.get(url).content.decode()


def test_with_too_few_labels_there_is_no_suggestion_and_a_notice(client, network, officer) -> None:  # type: ignore[no-untyped-def]
    make_labelled_cases(labelled_matters(20, seed=1), unit=network.commune_a1.unit)
    for target in (ModelTarget.FIELD, ModelTarget.KIND):
        suggestions.train(target=target, seed=0)
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    html = client.get(reverse("cases:detail", args=[case.tracking_code])).content.decode()
    assert 'data-testid="suggestions-too-few"' in html
    assert 'data-testid="classify-suggestions"' not in html
    assert not Suggestion.objects.exists()


def test_unconfident_suggestions_are_not_shown(client, network, officer, settings) -> None:  # type: ignore[no-untyped-def]
    _trained(network)
    settings.INSIGHTS_MIN_CONFIDENCE = 1.01  # nothing is that sure
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    html = client.get(reverse("cases:detail", args=[case.tracking_code])).content.decode()
    assert 'data-testid="suggestions-unsure"' in html
    assert 'data-testid="classify-suggestions"' not in html
    assert not Suggestion.objects.exists()


def test_suggest_many_answers_each_text_with_the_active_runs(network) -> None:  # type: ignore[no-untyped-def]
    field_run, kind_run = _trained(network)
    probe = labelled_matters(40, seed=123, noise=0.0)
    answers = prediction.suggest_many([m.text for m in probe])
    assert len(answers) == 40
    assert {a["field"].run_id for a in answers} == {field_run.pk}
    assert {a["kind"].run_id for a in answers} == {kind_run.pk}
    right = sum(
        a["field"].value == m.field and a["kind"].value == m.kind
        for a, m in zip(answers, probe, strict=True)
    )
    assert right >= 32
    assert prediction.suggest_many([]) == []


def test_a_broken_classifier_never_stops_the_classification(client, network, officer) -> None:  # type: ignore[no-untyped-def]
    from danvan.insights.models import ModelRun

    _trained(network, n=300)
    ModelRun.objects.filter(active=True).update(artifact=b"not a model")
    case = _new_matter(network)
    sign_in_with_totp(client, officer)
    response = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert response.status_code == 200
    assert 'data-testid="classify-suggestions"' not in response.content.decode()
    assert "classify" in response.context["actions"]
