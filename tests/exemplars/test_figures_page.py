"""The staff figures page and its XLSX: as of a date, by a dimension, drilling down."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook

from tests.exemplars.conftest import TODAY, recognized
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(network, province_officer, province_leader):
    with time_machine.travel(TODAY, tick=False):
        recognized(network, province_officer, province_leader, on=dt.date(2026, 3, 1))
        recognized(
            network,
            province_officer,
            province_leader,
            on=dt.date(2026, 8, 1),
            kind="individual",
            holder_name="Lê Văn Tâm",
            subfields=[],
        )


@pytest.fixture
def staff_client(client, network):
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    return client


def test_the_page_gives_the_headline_and_rows_as_of_the_date(two, staff_client):
    page = staff_client.get(
        "/exemplars/figures/", {"as_of": "30/06/2026", "by": "kind", "scope": "national"}
    )
    assert page.status_code == 200
    assert page.context["summary"]["total"] == 1
    assert [(k, n) for k, _label, n, _share in page.context["rows"]] == [("collective", 1)]
    later = staff_client.get(
        "/exemplars/figures/", {"as_of": "23/11/2026", "by": "kind", "scope": "national"}
    )
    assert later.context["summary"] == {
        "total": 2,
        "collective": 1,
        "individual": 1,
        "new_this_year": 2,
        "replicated": 0,
    }


def test_provinces_link_down_to_their_communes(network, two, staff_client):
    page = staff_client.get(
        "/exemplars/figures/", {"as_of": "23/11/2026", "by": "province", "scope": "national"}
    )
    hanoi = network.province_a.unit
    assert f"province={hanoi.pk}" in page.content.decode().replace(".", "")
    communes = staff_client.get(
        "/exemplars/figures/", {"as_of": "23/11/2026", "by": "commune", "province": hanoi.pk}
    )
    assert [(label, n) for _k, label, n, _s in communes.context["rows"]] == [
        (network.commune_a1.unit.name, 2)
    ]


def test_a_bad_date_is_explained_and_today_is_used(two, staff_client):
    page = staff_client.get("/exemplars/figures/", {"as_of": "31/02/2026"})
    assert page.status_code == 200 and page.context["errors"]


def test_the_xlsx_has_the_same_rows(two, staff_client):
    response = staff_client.get(
        "/exemplars/figures.xlsx", {"as_of": "23/11/2026", "by": "kind", "scope": "national"}
    )
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    numbers = [r[1] for r in values[3:]]
    assert numbers == [1, 1, 2]  # collective, individual, total


def test_the_xlsx_escapes_a_label_that_looks_like_a_formula(two, staff_client):
    from danvan.exemplars.models import SubField

    SubField.objects.filter(code="moi-truong").update(name='=HYPERLINK("http://x")')
    response = staff_client.get(
        "/exemplars/figures.xlsx", {"as_of": "23/11/2026", "by": "subfield", "scope": "national"}
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows())
    assert all(c.data_type != "f" for row in rows for c in row)
    assert (rows[3][0].value, rows[3][1].value) == ('\'=HYPERLINK("http://x")', 1)


def test_citizens_and_visitors_do_not_get_the_staff_page(client, db):
    assert client.get("/exemplars/figures/").status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get("/exemplars/figures/").status_code == 403


def test_the_page_costs_a_fixed_number_of_queries(
    network, two, staff_client, django_assert_max_num_queries
):
    # The session's first request checks its sign-in once (accounts.middleware) and saves it.
    staff_client.get(
        "/exemplars/figures/", {"as_of": "23/11/2026", "by": "province", "scope": "national"}
    )
    # Session, user, grants, the figure, the headline, the place names: none per row.
    with django_assert_max_num_queries(16):
        staff_client.get(
            "/exemplars/figures/", {"as_of": "23/11/2026", "by": "province", "scope": "national"}
        )


def test_a_province_leader_reads_the_figures_too(network, two, client):
    client.force_login(user_with(network.province_b, Role.LEADER, Scope.SUBTREE))
    assert client.get("/exemplars/figures/").status_code == 200


def test_a_scoped_user_counts_their_own_territory_by_default_and_says_so(network, two, client):
    # Hà Nội's leader: Hà Nội's models, as her registry lists them; Tuyên Quang's: none.
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    mine = client.get("/exemplars/figures/", {"as_of": "23/11/2026"})
    assert mine.context["where"].province == network.province_a.unit
    assert mine.context["summary"]["total"] == 2
    assert "Thành phố Hà Nội" in mine.content.decode().split('data-testid="scope"')[1][:300]
    client.force_login(user_with(network.province_b, Role.LEADER, Scope.SUBTREE))
    theirs = client.get("/exemplars/figures/", {"as_of": "23/11/2026"})
    assert theirs.context["summary"]["total"] == 0
    assert "scope=national" in theirs.content.decode()  # the switch to the whole country
    national = client.get("/exemplars/figures/", {"as_of": "23/11/2026", "scope": "national"})
    assert national.context["where"].province is None
    assert national.context["summary"]["total"] == 2


def test_the_figures_are_drawn_as_a_chart_with_a_table_alternative(network, two, client):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get("/exemplars/figures/", {"as_of": "23/11/2026", "by": "kind"})
    chart = page.context["chart"]
    assert sum(chart.series[0].values) == 2
    html = page.content.decode()
    assert 'data-chart="figures-data"' in html and "chart.umd.min.js" in html
