"""An Idempotency-Key never opens someone else's matter.

Before: POST /api/v1/cases with another client's key (and a different body) returned that
matter's tracking code and secret; the web form's keys worked the same way through the API;
the admin change page showed every matter's key to unit administrators.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.cases.models import Case, SubmissionReceipt
from danvan.cases.services.intake import register_pending
from tests.api.helpers import case_payload
from tests.cases.conftest import web_form
from tests.factories import Role, Scope, UserFactory, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db

KEY = "3f1c9a2e-khoa-cua-nguoi-khac"


def _body(network, **extra):
    return case_payload(network, **extra)


def _post(client, body, key=KEY, **headers):
    return client.post(
        "/api/v1/cases", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
    )


def test_another_clients_key_makes_another_matter_and_reveals_nothing(network, client):
    first = _post(client, _body(network)).json()
    _token, raw = issue_api_token(user=UserFactory(), name="ứng dụng khác")
    other = _post(
        client,
        _body(network, title="Tiêu đề khác", content="Một nội dung hoàn toàn khác của người khác."),
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert other.status_code == 201
    assert other.json()["tracking_code"] != first["tracking_code"]
    assert other.json()["secret"] != first["secret"]


def test_the_same_key_with_another_request_is_refused(network, client):
    first = _post(client, _body(network))
    assert first.status_code == 201
    again = _post(client, _body(network))
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    changed = _post(client, _body(network, content="Một nội dung khác hẳn, gửi kèm khóa cũ."))
    assert changed.status_code == 422
    body = changed.json()
    assert first.json()["tracking_code"] not in changed.content.decode()
    assert first.json()["secret"] not in changed.content.decode()
    assert body["detail"]
    assert SubmissionReceipt.objects.count() == 1


def test_the_web_forms_key_opens_nothing_through_the_api(network, client):
    form = web_form(network, key=KEY)
    citizen_browser = client.__class__()
    assert citizen_browser.post(reverse("cases:submit"), form).status_code == 302
    web_case = Case.objects.get()
    answer = _post(client, _body(network))
    assert answer.status_code == 201
    assert answer.json()["tracking_code"] != web_case.tracking_code
    register_pending()
    assert Case.objects.count() == 2


def test_no_key_is_stored_or_shown_as_sent(network, client):
    _post(client, _body(network))
    register_pending()
    case = Case.objects.get()
    assert KEY not in (case.idempotency_key or "")
    assert KEY not in (case.receipt.idempotency_key or "")
    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    sign_in_with_totp(client, admin)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert case.idempotency_key not in page.content.decode()


def test_a_form_sent_again_with_other_content_keeps_the_first_and_offers_a_new_matter(
    network, client
):
    first = web_form(network, key="form-back-1")
    assert client.post(reverse("cases:submit"), first).status_code == 302
    edited = {**first, "content": "Đã sửa nội dung: đèn đường ở ngõ 7 cũng hỏng."}
    page = client.post(reverse("cases:submit"), edited)
    assert page.status_code == 200 and Case.objects.count() == 1
    form = page.context["form"]
    assert form.non_field_errors() and form["idempotency_key"].value() != "form-back-1"
    again = client.post(
        reverse("cases:submit"), {**edited, "idempotency_key": form["idempotency_key"].value()}
    )
    assert again.status_code == 302 and Case.objects.count() == 2
