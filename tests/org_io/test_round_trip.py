import datetime as dt

import pytest
from django.core.management import call_command

from danvan.org.models import AdminLevel, AdminUnit, Organization
from danvan.org.services import tree_io
from tests.factories import make_org

pytestmark = pytest.mark.django_db

REFORM_EVE = dt.date(2025, 6, 30)


def _history_count() -> int:
    return Organization.history.count()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_an_export_changes_nothing(network, tmp_path, fmt):
    path = tmp_path / f"orgs.{fmt}"
    call_command("org_export", "--format", fmt, "--output", str(path), "--quiet")
    history = _history_count()

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok
    assert (result.created, result.updated) == ([], [])
    assert len(result.unchanged) == Organization.objects.count() == 8
    assert _history_count() == history


def _old_commune_whose_code_lives_on() -> AdminUnit:
    """A commune that ended with the 2025 reform, whose code a commune in force reuses."""
    reused = AdminUnit.objects.current().communes().values("code")
    old = AdminUnit.objects.communes().filter(valid_to=REFORM_EVE, code__in=reused).first()
    assert old is not None
    return old


def test_an_ended_body_keeps_its_old_unit_through_a_round_trip(network, tmp_path):
    old_unit = _old_commune_whose_code_lives_on()
    ended = make_org(unit=old_unit, valid_to=REFORM_EVE)
    path = tmp_path / "all.csv"
    call_command("org_export", "--all", "--output", str(path), "--quiet")

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok
    assert ended.code in result.unchanged
    assert result.updated == []
    ended.refresh_from_db()
    assert ended.unit == old_unit


def test_a_unit_code_is_looked_up_on_the_bodys_own_dates(network):
    old_unit = _old_commune_whose_code_lives_on()
    rows = [
        {
            **tree_io.row_for(network.central),
            "code": "OLD",
            "valid_to": "30/06/2025",
            "unit_code": old_unit.code,
            "unit_level": AdminLevel.COMMUNE,
        },
        {
            **tree_io.row_for(network.central),
            "code": "NEW",
            "unit_code": old_unit.code,
            "unit_level": AdminLevel.COMMUNE,
        },
    ]

    result = tree_io.import_organizations(rows=rows)

    assert result.ok
    assert Organization.objects.get(code="OLD").unit == old_unit
    new_unit = Organization.objects.get(code="NEW").unit
    assert new_unit.code == old_unit.code
    assert new_unit.valid_to is None
