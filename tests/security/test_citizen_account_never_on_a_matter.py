"""A sender's account is kept only in the identity store (Luật Tố cáo 2018 Art. 56).

Through every channel — the web form, the API with a browser session, Open311 with a token,
and the rating — no matter, event or history row points at the citizen's account, and no
officer's, leader's or administrator's page names them; the citizen's own list still works.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.cases.models import Case, CaseEvent, CaseState, Petitioner
from danvan.cases.services import workflow
from danvan.cases.services.intake import register_pending
from tests.cases.conftest import web_form
from tests.factories import Role, Scope, UserFactory, sign_in, user_with
from tests.open311.conftest import request_data

pytestmark = pytest.mark.django_db

CITIZEN_NAME = "Trần Thị Tố Giác"


def _citizen():
    return UserFactory(full_name=CITIZEN_NAME, username="to-giac")


def _points_at(user) -> list[str]:
    found = []
    if CaseEvent.objects.filter(actor=user).exists():
        found.append("event actor")
    if Case.history.filter(history_user=user).exists():
        found.append("history user")
    if Case.objects.filter(assigned_to=user).exists():
        found.append("assigned")
    return found


def _web_form(network, **extra):
    anonymous = web_form(
        network,
        key="web-1",
        title="Tố cáo cán bộ địa chính",
        content="Cán bộ địa chính xã nhận tiền để hợp thức hóa đất lấn chiếm của hộ ông K.",
        full_name="",
        phone="",
        anonymous="on",
    )
    return {**anonymous, **extra}


def _send_by_web(client, network, citizen) -> Case:
    sign_in(client, citizen)
    assert client.post(reverse("cases:submit"), _web_form(network)).status_code == 302
    return Case.objects.get()


def _send_by_api_session(client, network, citizen) -> Case:
    sign_in(client, citizen)
    body = {
        "title": "Tố cáo cán bộ địa chính",
        "content": "Cán bộ địa chính xã nhận tiền để hợp thức hóa đất lấn chiếm.",
        "unit_id": network.commune_a1.unit_id,
        "person": {"full_name": "", "phone": "", "email": "", "anonymous": True},
        "consent": True,
    }
    response = client.post(
        "/api/v1/cases", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="api-1"
    )
    assert response.status_code == 201, response.content
    register_pending()
    return Case.objects.get()


def _send_by_open311(client, network, citizen) -> Case:
    _token, raw = issue_api_token(user=citizen, name="Ứng dụng của xã")
    data = request_data(network.commune_a1.unit, first_name="", last_name="", phone="", email="")
    response = client.post("/open311/v2/requests.json", data, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code in (200, 201), response.content
    register_pending()
    return Case.objects.get()


@pytest.mark.parametrize(
    ("channel", "linked"),
    # The API's browser session is not its client: only a token's account is linked.
    [(_send_by_web, True), (_send_by_api_session, False), (_send_by_open311, True)],
)
def test_no_matter_event_or_history_row_points_at_the_sending_account(
    network, client, channel, linked
):
    citizen = _citizen()
    case = channel(client, network, citizen)
    assert _points_at(citizen) == []
    expected = Petitioner.account_digest(citizen.pk) if linked else ""
    assert case.petitioner.account_index == expected


def test_rating_leaves_no_trace_of_the_citizens_account(network, client):
    citizen = _citizen()
    case = _send_by_web(client, network, citizen)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    workflow.accept(actor=officer, case=case)
    workflow.answer(actor=officer, case=case, text="Đã kiểm tra và xử lý theo quy định.")
    page = reverse("cases:public_case", args=[case.tracking_code])
    assert client.post(page, {"rating": 4, "comment": "Tốt"}).status_code == 302
    case.refresh_from_db()
    assert case.rating == 4 and case.state == CaseState.RESOLVED
    assert _points_at(citizen) == []


def test_the_citizen_still_lists_and_opens_their_matters(network, client):
    citizen = _citizen()
    case = _send_by_web(client, network, citizen)
    mine = client.get(reverse("cases:mine"))
    assert list(mine.context["cases"]) == [case]
    assert client.get(reverse("cases:public_case", args=[case.tracking_code])).status_code == 200
    stranger = client.__class__()
    stranger.force_login(UserFactory())
    assert list(stranger.get(reverse("cases:mine")).context["cases"]) == []
    opened = stranger.get(reverse("cases:public_case", args=[case.tracking_code]))
    assert opened.status_code == 302  # to the look-up form: the code and secret are needed


def _staff(network, role, holder, scope=Scope.UNIT):
    user = user_with(getattr(network, holder), role, scope)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.mark.parametrize(
    ("role", "holder", "scope"),
    [
        (Role.OFFICER, "commune_a1_committee", Scope.UNIT),
        (Role.LEADER, "commune_a1_committee", Scope.UNIT),
        (Role.LEADER, "province_a", Scope.SUBTREE),
        (Role.UNIT_ADMIN, "province_a", Scope.SUBTREE),
        (Role.SYSTEM_ADMIN, "central", Scope.SUBTREE),
    ],
)
def test_no_officer_page_names_the_anonymous_sender(network, client, role, holder, scope):
    citizen = _citizen()
    case = _send_by_web(client, network, citizen)
    client.logout()
    sign_in(client, _staff(network, role, holder, scope))
    pages = [
        reverse("cases:detail", args=[case.tracking_code]),
        reverse("cases:inbox"),
        reverse("cases:export", args=["csv"]) + "?with_personal=1",
        f"/api/v1/cases/{case.tracking_code}",
        "/api/v1/cases",
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_case_history", args=[case.pk]),
        reverse("admin:cases_submissionreceipt_changelist"),
    ]
    for url in pages:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        assert CITIZEN_NAME not in text, url
        assert "to-giac" not in text, url


def _xlsx_text(response) -> str:
    import io

    from openpyxl import load_workbook

    body = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(body), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


DENOUNCER = "Nguyễn Văn Tố Cáo"
DENOUNCER_PHONE = "0933111222"


@pytest.mark.parametrize(
    ("role", "holder", "scope", "may_see"),
    [
        (Role.OFFICER, "commune_a1_committee", Scope.UNIT, False),
        (Role.LEADER, "commune_a1_committee", Scope.UNIT, True),
        (Role.LEADER, "province_a", Scope.SUBTREE, True),
        (Role.LEADER, "province_b", Scope.SUBTREE, False),
        (Role.UNIT_ADMIN, "province_a", Scope.SUBTREE, False),
        (Role.SYSTEM_ADMIN, "central", Scope.SUBTREE, False),
    ],
)
def test_a_named_denouncer_is_shown_only_to_who_may_and_only_on_request(
    network, client, caplog, role, holder, scope, may_see
):
    from django.core import mail

    from danvan.cases.services.reminders import escalate, send_reminder

    caplog.set_level("DEBUG")
    form = _web_form(network, full_name=DENOUNCER, phone=DENOUNCER_PHONE)
    form.pop("anonymous")
    assert client.post(reverse("cases:submit"), form).status_code == 302
    case = Case.objects.get()
    officer = user_with(network.commune_a1_committee, Role.OFFICER, email="cb@xa.gov.vn")
    workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
    due = case.deadlines.order_by("due_date").first()
    send_reminder(case_id=case.pk, step=due.step, due=due.due_date)
    escalate(case_id=case.pk, step=due.step, due=due.due_date)
    # The public page, as the sender's own browser opens it, names nobody either.
    public = client.get(reverse("cases:public_case", args=[case.tracking_code]))
    assert public.status_code == 200 and DENOUNCER not in public.content.decode()
    client.logout()
    sign_in(client, _staff(network, role, holder, scope))
    page = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert page.status_code == (403 if holder == "province_b" else 200)
    never = [
        reverse("cases:detail", args=[case.tracking_code]),
        reverse("cases:inbox"),
        reverse("cases:export", args=["csv"]),
        f"/api/v1/cases/{case.tracking_code}",
        "/api/v1/cases",
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_case_history", args=[case.pk]),
        "/open311/v2/requests.json",
        f"/open311/v2/requests/{case.tracking_code}.json",
    ]
    for url in never:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        assert DENOUNCER not in text and DENOUNCER_PHONE not in text, url
    on_request = client.get(reverse("cases:export", args=["csv"]) + "?with_personal=1")
    text = (
        b"".join(on_request.streaming_content).decode("utf-8-sig")
        if on_request.status_code == 200
        else ""
    )
    assert (DENOUNCER in text) is may_see, (on_request.status_code, text[:300])
    xlsx = client.get(reverse("cases:export", args=["xlsx"]) + "?with_personal=1")
    assert (DENOUNCER in (_xlsx_text(xlsx) if xlsx.status_code == 200 else "")) is may_see
    for message in mail.outbox:
        assert DENOUNCER not in message.body and DENOUNCER_PHONE not in message.body
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert DENOUNCER not in logged and DENOUNCER_PHONE not in logged
