"""Headers every response gets by construction (portal.security): a Content-Security-Policy
without inline script or style, and no-store wherever personal data may be shown."""

import pytest
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return "no-store" in response.get("Cache-Control", "") and response.get("Pragma") == "no-cache"


def test_pages_carry_a_policy_without_inline_script_or_style(client):
    policy = _directives(client.get(reverse("portal:landing")))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"


def test_only_the_admin_may_use_inline_styles_and_never_inline_scripts(network, client):
    from allauth.mfa.models import Authenticator

    admin = user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)
    policy = _directives(client.get(reverse("admin:index")))
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["script-src"] == "'self'"


@pytest.fixture
def case(network):
    return submit(submission=submission(network), client="test", idempotency_key=None).case


def test_the_officers_case_page_is_not_stored(network, client, case):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert response.status_code == 200
    assert _no_store(response)
    assert "public" not in response["Cache-Control"]


def test_the_csv_export_with_senders_is_not_stored(network, client, case):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:export", args=["csv"]), {"with_personal": "1"})
    assert response.status_code == 200
    assert _no_store(response)


def test_the_citizens_own_matter_page_is_not_stored_though_they_have_no_account(network, client):
    result = submit(submission=submission(network), client="test", idempotency_key="headers-1")
    client.post(
        reverse("cases:track"),
        {"tracking_code": result.case.tracking_code, "secret": result.secret},
    )
    response = client.get(reverse("cases:public_case", args=[result.case.tracking_code]))
    assert response.status_code == 200
    assert _no_store(response)


def test_api_answers_to_a_token_are_not_stored(network, client):
    _token, raw = issue_api_token(
        user=user_with(network.commune_a1_committee, Role.OFFICER), name="t"
    )
    response = client.get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert _no_store(response)


def test_an_anonymous_public_page_keeps_its_caching(client, db):
    response = client.get(reverse("portal:landing"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Pragma" not in response
