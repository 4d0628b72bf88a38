import io

import pytest
from django.core.management import call_command

from danvan.org.models import Organization
from danvan.org.services import tree_io
from tests.factories import unit
from tests.org_io.conftest import org_row

pytestmark = pytest.mark.django_db


def test_import_creates_bodies_whose_parents_come_later_in_the_file(network, write_csv):
    hanoi = unit("01")
    commune = hanoi.children.current().order_by("code").last()
    path = write_csv(
        [
            org_row(
                "X-COMMUNE",
                unit_code=commune.code,
                unit_level="commune",
                parent_code="X-PROVINCE",
                valid_from="01/07/2025",
            ),
            org_row(
                "X-PROVINCE",
                name="Ban Dân vận mới",
                unit_code="01",
                unit_level="province",
                parent_code="TW-BTGDV",
                valid_from="2025-07-01",
            ),
        ]
    )
    out = io.StringIO()

    call_command("org_import", str(path), stdout=out)

    child = Organization.objects.get(code="X-COMMUNE")
    assert child.parent.code == "X-PROVINCE"
    assert child.parent.parent == network.central
    assert (child.level, child.unit, child.province) == ("commune", commune, hanoi)
    assert child.valid_from.isoformat() == "2025-07-01"
    assert child.history.get().history_change_reason == "create"
    assert "Created 2, updated 0, unchanged 0." in out.getvalue()


def test_import_summary_counts_created_updated_and_unchanged(network, write_csv):
    rows = [tree_io.row_for(org) for org in Organization.objects.select_related("unit", "parent")]
    rows[0]["name"] = "Tên mới"
    path = write_csv([*rows, org_row("X-NEW")])

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert (len(result.created), len(result.updated), len(result.unchanged)) == (1, 1, 7)


def test_import_updates_existing_bodies_through_the_services(network, write_csv):
    row = tree_io.row_for(network.commune_a2)
    path = write_csv([{**row, "name": "Ban Dân vận Phường Đống Đa", "parent_code": "TW-BTGDV"}])

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.updated == [network.commune_a2.code]
    network.commune_a2.refresh_from_db()
    assert network.commune_a2.parent == network.central
    assert network.commune_a2.name_folded.startswith("ban dan van phuong dong da")
    latest = network.commune_a2.history.first()
    assert latest.history_change_reason == "update"
    assert latest.history_user is None


def test_import_can_swap_a_parent_and_its_child(network, write_csv):
    province = tree_io.row_for(network.province_a)
    commune = tree_io.row_for(network.commune_a1)
    path = write_csv(
        [
            {**province, "parent_code": network.commune_a1.code},
            {**commune, "parent_code": "TW-BTGDV"},
        ]
    )

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok, result.errors
    network.province_a.refresh_from_db()
    assert network.province_a.parent == network.commune_a1


def test_unit_codes_that_lost_their_leading_zeros_are_understood(network, write_csv):
    path = write_csv([org_row("X-HN", unit_code="1", unit_level="Province")])

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.ok, result.errors
    assert Organization.objects.get(code="X-HN").unit == unit("01")


def test_csv_separated_by_semicolons_is_read(network, write_csv):
    path = write_csv([org_row("X-SEMI", name="Hội Nông dân; xã")], delimiter=";")

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert result.created == ["X-SEMI"]
    assert Organization.objects.get(code="X-SEMI").name == "Hội Nông dân; xã"


def test_blank_rows_are_skipped_and_do_not_shift_row_numbers(network, write_csv):
    path = write_csv([org_row("X-1"), dict.fromkeys(tree_io.COLUMNS, ""), org_row("X-2", kind="?")])

    result = tree_io.import_organizations(rows=tree_io.read_rows(path))

    assert [(e.row, e.column) for e in result.errors] == [(4, "kind")]
