"""The inbox export goes through the shared table writer: times of receipt in Vietnam's time,
due and answer dates as real dates, the rating a number; a bold frozen header with a filter.
The CSV shows the same dates as dd/mm/yyyy text."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.cases.exports import COLUMNS
from danvan.cases.models import Case
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with
from tests.lib.xlsx_checks import assert_table_sheet, streamed

pytestmark = pytest.mark.django_db

# 17:05 UTC is 00:05 the next day in Vietnam: the day changes with the zone.
RECEIVED = dt.datetime(2026, 3, 9, 17, 5, tzinfo=dt.UTC)
ANSWERED = dt.datetime(2026, 3, 20, 18, 0, tzinfo=dt.UTC)
COLUMN = {key: index for index, (key, _label) in enumerate(COLUMNS)}


@pytest.fixture
def case(network, client):
    case = submit(submission=submission(network), client="test", idempotency_key=None).case
    Case.objects.filter(pk=case.pk).update(
        received_at=RECEIVED, next_due_date=dt.date(2026, 3, 24), answered_at=ANSWERED, rating=4
    )
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    return case


@pytest.mark.parametrize("personal", [False, True])
def test_the_xlsx_has_typed_dates_and_numbers_under_a_frozen_filtered_header(
    client, case, personal
):
    query = {"with_personal": "1"} if personal else {}
    sheet = streamed(client.get(reverse("cases:export", args=["xlsx"]), query))
    assert_table_sheet(sheet)
    assert sheet.auto_filter.ref.endswith("2")  # the header and the one matter
    row = sheet[2]
    received = row[COLUMN["received_at"]]
    assert received.value == dt.datetime(2026, 3, 10, 0, 5)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    due = row[COLUMN["next_due_date"]]
    assert (due.value, due.number_format) == (dt.datetime(2026, 3, 24), "dd/mm/yyyy")
    answered = row[COLUMN["answered_at"]]
    assert (answered.value, answered.number_format) == (dt.datetime(2026, 3, 21), "dd/mm/yyyy")
    assert row[COLUMN["rating"]].value == 4 and row[COLUMN["rating"]].data_type == "n"
    assert row[COLUMN["tracking_code"]].value == case.tracking_code


def test_the_csv_shows_the_same_dates_as_text(client, case):
    response = client.get(reverse("cases:export", args=["csv"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    line = body.splitlines()[1]
    assert line.startswith(f"{case.tracking_code},10/03/2026 00:05,")
    assert line.endswith(",24/03/2026,21/03/2026,4")
