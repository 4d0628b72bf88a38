"""The forecasts' pages: who may see and do what, the queries they cost, and bad input."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.insights.models import Assessment, Backtest, Trend
from danvan.insights.services.forecasts import refresh_forecasts
from danvan.org.models import AdminLevel, AdminUnit
from tests.factories import Role, UserFactory, sign_in, sign_in_with_totp, user_with

from .test_forecasts_data import NOW, build, seasonal, texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(network):  # type: ignore[no-untyped-def]
    data = build()
    with time_machine.travel(NOW, tick=False):
        refresh_forecasts(workers=1)
    return data


def _who(network, who: str):  # type: ignore[no-untyped-def]
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "officer_a": user_with(network.province_a, Role.OFFICER),
        "leader_a": user_with(network.province_a, Role.LEADER),
        "officer_b": user_with(network.province_b, Role.OFFICER),
        "commune_officer_a": user_with(network.commune_a1, Role.OFFICER),
        "unit_admin_a": user_with(network.province_a, Role.UNIT_ADMIN),
        "system_admin": user_with(network.central, Role.SYSTEM_ADMIN),
    }[who]


def _sign_in(client, user) -> None:  # type: ignore[no-untyped-def]
    if user is None:
        return
    if user.assignments.exists():
        sign_in_with_totp(client, user)
    else:
        sign_in(client, user)


def _refused(status: int, who: str) -> bool:
    # Anonymous visitors are sent to sign in; signed-in users without the right get 403.
    return status == (302 if who == "anonymous" else 403)


# who: (view Hà Nội's forecast, record an assessment there, view the evaluation)
MATRIX = {
    "anonymous": (False, False, False),
    "citizen": (False, False, False),
    "officer_a": (True, True, False),
    "leader_a": (True, True, True),
    "officer_b": (False, False, False),
    "commune_officer_a": (False, False, False),
    "unit_admin_a": (True, False, False),
    "system_admin": (True, False, True),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_permission_matrix_of_the_forecast_pages(made, network, client, who) -> None:  # type: ignore[no-untyped-def]
    may_view, may_assess, may_evaluate = MATRIX[who]
    _sign_in(client, _who(network, who))
    page = reverse("insights:forecast", args=[made.hanoi.pk])
    with time_machine.travel(NOW, tick=False):
        view = client.get(page)
        assess = client.post(
            reverse("insights:forecast_assess", args=[made.hanoi.pk]),
            {"trend": Trend.RISING, "note": "Dự kiến tăng", "expected": "12"},
        )
        evaluation = client.get(reverse("insights:forecast_evaluation"))
        listing = client.get(reverse("insights:forecasts"))
    if may_view:
        assert view.status_code == 200
        assert 'data-testid="forecast-chart"' in view.content.decode()
        assert ('data-testid="assessment-form"' in view.content.decode()) == may_assess
    else:
        assert _refused(view.status_code, who)
    if may_assess:
        assert assess.status_code == 302
        assert Assessment.objects.filter(province=made.hanoi, topic=None).count() == 1
    else:
        assert _refused(assess.status_code, who)
        assert not Assessment.objects.exists()
    if may_evaluate:
        assert evaluation.status_code == 200
        assert 'data-testid="backtests"' in evaluation.content.decode()
    else:
        assert _refused(evaluation.status_code, who)
    # The list shows the places the user covers, and no other.
    if who in ("anonymous", "citizen"):
        assert _refused(listing.status_code, who)
    else:
        assert listing.status_code == 200
        body = listing.content.decode()
        assert (f'data-province="{made.hanoi.pk}"' in body) == may_view
        assert (f'data-province="{made.tuyen_quang.pk}"' in body) == (
            who in ("system_admin", "officer_b")
        )


def test_the_assessment_shows_beside_the_models_forecast(made, network, client) -> None:  # type: ignore[no-untyped-def]
    officer = user_with(network.province_a, Role.OFFICER)
    sign_in_with_totp(client, officer)
    url = reverse("insights:forecast", args=[made.hanoi.pk])
    with time_machine.travel(NOW, tick=False):
        posted = client.post(
            reverse("insights:forecast_assess", args=[made.hanoi.pk]),
            {
                "topic": made.land.pk,
                "trend": Trend.FALLING,
                "note": "Đã giải quyết xong vụ việc",
                "expected": "",
            },
        )
        assert posted.status_code == 302 and posted["Location"].endswith(f"?chu-de={made.land.pk}")
        page = client.get(url, {"chu-de": made.land.pk}).content.decode()
    assessment = Assessment.objects.get()
    assert assessment.topic == made.land and assessment.expected is None
    assert 'data-testid="assessment" data-trend="falling"' in page
    assert 'data-testid="backtest"' in page and 'data-testid="forecast-band"' in page


@pytest.mark.parametrize(
    "form",
    [
        {"trend": "", "note": "Không rõ"},
        {"trend": "soaring", "note": "Không rõ"},
        {"trend": Trend.STABLE, "note": ""},
        {"trend": Trend.STABLE, "note": "Ổn định", "expected": "-3"},
        {"trend": Trend.STABLE, "note": "Ổn định", "expected": "nhiều"},
    ],
)
def test_bad_assessment_input_is_a_form_error_and_saves_nothing(
    made, network, client, form
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user_with(network.province_a, Role.LEADER))
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("insights:forecast_assess", args=[made.hanoi.pk]), form)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_assessment_of_a_topic_without_a_forecast_there_is_not_found(
    made, network, client
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user_with(network.province_b, Role.OFFICER))
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("insights:forecast_assess", args=[made.tuyen_quang.pk]),
            {"topic": made.wages.pk, "trend": Trend.STABLE, "note": "x"},
        )
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_a_short_series_shows_a_notice_instead_of_a_forecast(made, network, client) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, user_with(network.province_a, Role.OFFICER))
    with time_machine.travel(NOW, tick=False):
        page = client.get(
            reverse("insights:forecast", args=[made.hanoi.pk]), {"chu-de": made.wages.pk}
        )
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="short-notice"' in body and 'data-testid="forecast-chart"' not in body


def test_small_counts_are_hidden_from_viewers_who_do_not_read_texts(made, network, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("insights:forecast", args=[made.tuyen_quang.pk])  # two texts a week
    sign_in_with_totp(client, user_with(network.central, Role.SYSTEM_ADMIN))
    with time_machine.travel(NOW, tick=False):
        admin = client.get(url).content.decode()
    client.logout()
    sign_in_with_totp(client, user_with(network.province_b, Role.OFFICER))
    with time_machine.travel(NOW, tick=False):
        officer = client.get(url).content.decode()
    assert 'data-testid="hidden-note"' in admin
    assert 'data-testid="hidden-note"' not in officer


def test_the_pages_cost_a_fixed_number_of_queries(
    made, network, client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    leader = user_with(network.central, Role.LEADER)
    sign_in_with_totp(client, leader)
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("insights:forecasts"))  # warm the session and grants
        with django_assert_max_num_queries(12):
            listing = client.get(reverse("insights:forecasts"))
        with django_assert_max_num_queries(16):
            detail = client.get(
                reverse("insights:forecast", args=[made.hanoi.pk]), {"chu-de": made.land.pk}
            )
        with django_assert_max_num_queries(12):
            evaluation = client.get(reverse("insights:forecast_evaluation"))
    assert listing.status_code == detail.status_code == evaluation.status_code == 200
    assert Backtest.objects.exists()


def test_the_list_costs_the_same_with_more_provinces(made, network, client) -> None:  # type: ignore[no-untyped-def]
    leader = user_with(network.central, Role.LEADER)
    sign_in_with_totp(client, leader)
    with time_machine.travel(NOW, tick=False):
        client.get(reverse("insights:forecasts"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("insights:forecasts"))
        provinces = AdminUnit.objects.filter(level=AdminLevel.PROVINCE).exclude(
            pk__in=[made.hanoi.pk, made.tuyen_quang.pk]
        )[:3]
        for i, province in enumerate(provinces):
            texts(province, seasonal(20, i, level=8), 70_000_000 + 1000 * i)
        refresh_forecasts(workers=1)
        with CaptureQueriesContext(connection) as more:
            response = client.get(reverse("insights:forecasts"))
    assert response.content.decode().count('data-testid="forecast-row"') == 2 + 1 + 3
    assert len(more.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize(("who", "status"), [("system_admin", 200), ("officer_a", 403)])
def test_the_countrys_forecast_is_for_central_staff(made, network, client, who, status) -> None:  # type: ignore[no-untyped-def]
    _sign_in(client, _who(network, who))
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("insights:forecast_nation"))
    assert response.status_code == status
