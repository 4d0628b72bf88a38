"""Pre-2025 administrative units roll up to today's units (the 01/07/2025 reorganization)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Q

from danvan.org import selectors
from danvan.org.models import AdminLevel, AdminUnit, SuccessionKind, UnitSuccession
from danvan.org.services import load_admin_units
from tests.factories import make_org

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


def legacy(level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.as_of(BEFORE).get(level=level, code=code)


def in_force(level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.current().get(level=level, code=code)


def test_legacy_ward_rolls_up_to_the_ward_it_merged_into():
    truc_bach = legacy(AdminLevel.COMMUNE, "00004")
    ba_dinh = in_force(AdminLevel.COMMUNE, "00004")
    assert (truc_bach.name, truc_bach.valid_to) == ("Phường Trúc Bạch", BEFORE)
    assert (ba_dinh.name, ba_dinh.valid_from) == ("Phường Ba Đình", REFORM)
    assert truc_bach.current == ba_dinh
    assert selectors.current_unit_for(truc_bach) == ba_dinh
    link = UnitSuccession.objects.get(predecessor=truc_bach)
    assert (link.successor, link.kind, link.is_default) == (ba_dinh, SuccessionKind.MERGED, True)
    assert link.effective_date == REFORM


def test_a_record_filed_against_a_legacy_commune_counts_for_todays_commune():
    truc_bach = legacy(AdminLevel.COMMUNE, "00004")
    body = make_org(unit=truc_bach, valid_to=BEFORE)
    assert body.unit == truc_bach  # the record keeps the unit it was filed against
    assert body.current_unit == in_force(AdminLevel.COMMUNE, "00004")
    assert body.province == in_force(AdminLevel.PROVINCE, "01")
    assert body in selectors.organizations(unit=body.current_unit.pk, as_of=dt.date(2025, 1, 1))


def test_unit_in_force_is_its_own_current_unit():
    ba_dinh = in_force(AdminLevel.COMMUNE, "00004")
    assert ba_dinh.current == ba_dinh
    assert not ba_dinh.successions.exists()


def test_legacy_district_rolls_up_to_the_new_province():
    quan_ba_dinh = legacy(AdminLevel.DISTRICT, "001")
    assert quan_ba_dinh.name == "Quận Ba Đình"
    hanoi = in_force(AdminLevel.PROVINCE, "01")
    assert quan_ba_dinh.current == hanoi
    assert quan_ba_dinh.successions.get().kind == SuccessionKind.ABOLISHED


def test_merged_province_rolls_up_to_the_province_that_absorbed_it():
    ha_giang = legacy(AdminLevel.PROVINCE, "02")
    tuyen_quang = in_force(AdminLevel.PROVINCE, "08")
    assert (ha_giang.name, tuyen_quang.name) == ("Tỉnh Hà Giang", "Tỉnh Tuyên Quang")
    assert ha_giang.current == tuyen_quang
    link = ha_giang.successions.get()
    assert (link.successor, link.kind) == (tuyen_quang, SuccessionKind.MERGED)
    legacy_tq = legacy(AdminLevel.PROVINCE, "08")
    assert legacy_tq.successions.get().kind == SuccessionKind.MERGED  # both sides merged
    links = selectors.predecessors_of(tuyen_quang)
    provinces = {link.predecessor.code for link in links if link.predecessor.level == "province"}
    assert provinces == {"02", "08"}


def test_continued_province_keeps_its_name_and_rolls_up_to_itself_after_the_reform():
    old_hanoi = legacy(AdminLevel.PROVINCE, "01")
    hanoi = in_force(AdminLevel.PROVINCE, "01")
    assert old_hanoi.pk != hanoi.pk
    assert old_hanoi.current == hanoi
    assert old_hanoi.successions.get().kind == SuccessionKind.CONTINUED


def test_split_commune_has_exactly_one_default_successor():
    split = UnitSuccession.objects.filter(kind=SuccessionKind.SPLIT)
    per_unit = split.values("predecessor").annotate(
        n=Count("id"), defaults=Count("id", filter=Q(is_default=True))
    )
    assert per_unit.count() > 100
    assert {row["defaults"] for row in per_unit} == {1}
    assert all(row["n"] >= 2 for row in per_unit)


def test_split_commune_rolls_up_to_its_default_successor():
    cong_vi = legacy(AdminLevel.COMMUNE, "00007")  # Phường Cống Vị: split in 2025
    links = list(selectors.successors_of(cong_vi))
    assert len(links) >= 2
    assert links[0].is_default  # the default comes first
    assert cong_vi.current == links[0].successor
    assert all(link.kind == SuccessionKind.SPLIT for link in links)


def test_every_legacy_unit_rolls_up_to_a_unit_in_force():
    ended = AdminUnit.objects.filter(valid_to=BEFORE)
    assert ended.count() == 63 + 696 + 10035
    assert not ended.filter(current__isnull=True).exists()
    assert not ended.filter(current__valid_to__isnull=False).exists()


def test_unit_tree_before_the_reform_has_districts_and_their_communes():
    old_hanoi = legacy(AdminLevel.PROVINCE, "01")
    tree = list(selectors.unit_tree(old_hanoi, as_of=BEFORE))
    districts = [u for u in tree if u.level == AdminLevel.DISTRICT]
    communes = [u for u in tree if u.level == AdminLevel.COMMUNE]
    assert len(districts) == 30  # Hà Nội had 30 district-level units
    assert communes and {c.parent_id for c in communes} <= {d.pk for d in districts}
    assert legacy(AdminLevel.COMMUNE, "00004") in communes
    assert all(u.is_valid_on(BEFORE) for u in tree)


def test_unit_tree_after_the_reform_has_only_communes():
    hanoi = in_force(AdminLevel.PROVINCE, "01")
    tree = list(selectors.unit_tree(hanoi, as_of=REFORM))
    assert tree and {u.level for u in tree} == {AdminLevel.COMMUNE}
    assert {u.parent_id for u in tree} == {hanoi.pk}
    assert in_force(AdminLevel.COMMUNE, "00004") in tree
    assert legacy(AdminLevel.COMMUNE, "00004") not in tree


def test_loading_the_units_again_changes_nothing():
    before = (AdminUnit.objects.count(), UnitSuccession.objects.count())
    report = load_admin_units()
    assert (report.created, report.updated, report.successions_created) == (0, 0, 0)
    assert (AdminUnit.objects.count(), UnitSuccession.objects.count()) == before
    assert legacy(AdminLevel.COMMUNE, "00004").current == in_force(AdminLevel.COMMUNE, "00004")
