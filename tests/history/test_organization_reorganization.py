"""Merging, splitting and renaming bodies keeps their history and where their records go."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from danvan.accounts.models import Role, Scope
from danvan.org import selectors
from danvan.org.models import (
    AdminLevel,
    AdminUnit,
    Organization,
    OrganizationChange,
    OrganizationChangeKind,
    OrganizationKind,
    OrganizationSuccession,
)
from danvan.org.services import (
    NewBody,
    merge_organizations,
    rename_organization,
    split_organization,
)
from tests.factories import UserFactory, make_org, user_with

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MERGE_DAY = dt.date(2025, 3, 1)
BEFORE_REFORM = dt.date(2025, 6, 30)
TTGDV = NewBody(
    code="HN-BTGDV",
    name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
    kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
)


def _registrar():  # type: ignore[no-untyped-def]
    # The services check the actor's right over the body: someone who may manage it.
    return UserFactory(is_superuser=True)


def unit(level: str, code: str, *, legacy: bool = False) -> AdminUnit:
    units = AdminUnit.objects.as_of(BEFORE_REFORM) if legacy else AdminUnit.objects.current()
    return units.get(level=level, code=code)


def counts() -> tuple[int, ...]:
    return (
        Organization.objects.count(),
        Organization.history.count(),
        OrganizationChange.objects.count(),
        OrganizationSuccession.objects.count(),
    )


@pytest.fixture
def hanoi_boards(db):  # type: ignore[no-untyped-def]
    """Hà Nội's Ban Dân vận and Ban Tuyên giáo before the 2025 merge, under a central body."""
    old_hanoi = unit(AdminLevel.PROVINCE, "01", legacy=True)
    central = make_org(unit=None, code="TW")
    dan_van = make_org(
        unit=old_hanoi,
        parent=central,
        code="HN-BDV",
        kind=OrganizationKind.MASS_MOBILIZATION_BOARD,
        name="Ban Dân vận Thành ủy",
    )
    tuyen_giao = make_org(
        unit=old_hanoi,
        parent=central,
        code="HN-BTG",
        kind=OrganizationKind.PROPAGANDA_BOARD,
        name="Ban Tuyên giáo Thành ủy",
    )
    return central, dan_van, tuyen_giao


def merge(sources: list[Organization], actor=None) -> Organization:  # type: ignore[no-untyped-def]
    return merge_organizations(
        actor=actor,
        sources=sources,
        into=TTGDV,
        effective_date=MERGE_DAY,
        unit=unit(AdminLevel.PROVINCE, "01"),
        parent=sources[0].parent,
        decision="Quyết định 01-QĐ/TU",
    )


# --- merge -----------------------------------------------------------------------------------


def test_merge_ends_the_old_bodies_the_day_before_and_starts_the_new_one(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    merged = merge([dan_van, tuyen_giao])
    dan_van.refresh_from_db()
    tuyen_giao.refresh_from_db()
    assert dan_van.valid_to == tuyen_giao.valid_to == dt.date(2025, 2, 28)
    assert merged.valid_from == MERGE_DAY
    assert merged.valid_to is None
    assert (merged.name, merged.level) == (TTGDV.name, "province")


def test_old_bodies_roll_up_to_the_merged_body(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    merged = merge([dan_van, tuyen_giao])
    for old in (dan_van, tuyen_giao):
        old.refresh_from_db()
        assert old.current == merged
        assert selectors.current_organization_for(old) == merged
    merged.refresh_from_db()
    assert merged.current == merged


def test_merge_is_recorded_as_one_change_with_a_succession_per_old_body(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    actor = _registrar()
    merged = merge([dan_van, tuyen_giao], actor=actor)
    change = OrganizationChange.objects.get()
    assert (change.kind, change.effective_date) == (OrganizationChangeKind.MERGE, MERGE_DAY)
    assert (change.decision, change.created_by) == ("Quyết định 01-QĐ/TU", actor)
    links = list(change.successions.all())
    assert len(links) == 2
    assert {link.predecessor for link in links} == {dan_van, tuyen_giao}
    assert {link.successor for link in links} == {merged}
    assert all(link.is_default for link in links)


def test_organizations_as_of_a_date_show_the_bodies_in_force_then(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    merged = merge([dan_van, tuyen_giao])
    before = set(selectors.organizations(as_of=dt.date(2025, 2, 15)))
    after = set(selectors.organizations(as_of=dt.date(2025, 3, 15)))
    assert {dan_van, tuyen_giao} <= before
    assert merged not in before
    assert merged in after
    assert not {dan_van, tuyen_giao} & after
    assert set(selectors.organizations(as_of=dt.date(2025, 2, 28))) >= {dan_van, tuyen_giao}


def test_body_already_rolling_up_to_an_old_body_is_rerouted_to_the_merged_one(hanoi_boards):
    central, _dan_van, tuyen_giao = hanoi_boards
    old_hanoi = unit(AdminLevel.PROVINCE, "01", legacy=True)
    older = [
        make_org(unit=old_hanoi, parent=central, valid_from=dt.date(2000, 1, 1)) for _ in range(2)
    ]
    dan_van_2008 = merge_organizations(
        actor=None,
        sources=older,
        effective_date=dt.date(2008, 8, 1),
        unit=old_hanoi,
        into=NewBody(
            code="HN-BDV-2008",
            name="Ban Dân vận Thành ủy (2008)",
            kind=OrganizationKind.MASS_MOBILIZATION_BOARD,
        ),
    )
    assert Organization.objects.get(pk=older[0].pk).current == dan_van_2008
    merged = merge([dan_van_2008, tuyen_giao])
    for body in older:
        assert Organization.objects.get(pk=body.pk).current == merged


def test_children_of_the_old_bodies_answer_to_the_merged_body(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    commune = unit(AdminLevel.COMMUNE, "00004")
    child = make_org(unit=commune, parent=dan_van)
    ended_child = make_org(unit=commune, parent=tuyen_giao, valid_to=dt.date(2020, 12, 31))
    merged = merge([dan_van, tuyen_giao])
    child.refresh_from_db()
    ended_child.refresh_from_db()
    assert child.parent == merged
    assert ended_child.parent == tuyen_giao  # history of an ended body is not rewritten


def test_leader_of_the_merged_body_with_subtree_sees_the_old_bodies(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    merged = merge([dan_van, tuyen_giao])
    leader = user_with(merged, Role.LEADER, Scope.SUBTREE)
    for old in Organization.objects.filter(pk__in=[dan_van.pk, tuyen_giao.pk]):
        assert leader.has_perm("org.view_organization", old)
        assert leader.has_perm("org.view_organization_history", old)


def test_officer_of_an_old_body_loses_access_once_it_is_merged(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    officer = user_with(dan_van, Role.OFFICER, Scope.SUBTREE)
    assert officer.has_perm("org.view_organization", tuyen_giao)
    merged = merge([dan_van, tuyen_giao])
    officer = type(officer).objects.get(pk=officer.pk)  # a new request: grants read again
    assert not officer.has_perm("org.view_organization", merged)
    assert not officer.has_perm("org.view_organization", dan_van)


def test_merge_needs_two_bodies_in_force_the_day_before(hanoi_boards):
    _central, dan_van, tuyen_giao = hanoi_boards
    ended = make_org(unit=dan_van.unit, valid_to=dt.date(2020, 1, 1))
    before = counts()
    with pytest.raises(ValidationError):
        merge([dan_van])
    with pytest.raises(ValidationError):
        merge([dan_van, tuyen_giao, ended])
    assert counts() == before
    dan_van.refresh_from_db()
    assert dan_van.valid_to is None


# --- split -----------------------------------------------------------------------------------

SPLIT_DAY = dt.date(2025, 9, 1)


def split_into(source: Organization, default_code: str, codes=("S-1", "S-2")):  # type: ignore[no-untyped-def]
    hanoi = unit(AdminLevel.PROVINCE, "01")
    return split_organization(
        actor=None,
        source=source,
        default_code=default_code,
        effective_date=SPLIT_DAY,
        into=[
            (NewBody(code=c, name=f"Cơ quan {c}", kind=OrganizationKind.STATE_AGENCY), hanoi)
            for c in codes
        ],
    )


@pytest.fixture
def agency(db):  # type: ignore[no-untyped-def]
    hanoi = unit(AdminLevel.PROVINCE, "01")
    parent = make_org(unit=hanoi, code="HN-UBND", kind=OrganizationKind.PEOPLES_COMMITTEE)
    return make_org(unit=hanoi, parent=parent, code="HN-SO", kind=OrganizationKind.STATE_AGENCY)


def test_split_rolls_the_old_records_up_to_the_default_successor(agency):
    first, second = split_into(agency, default_code="S-2")
    agency.refresh_from_db()
    assert agency.valid_to == SPLIT_DAY - dt.timedelta(days=1)
    assert first.valid_from == second.valid_from == SPLIT_DAY
    assert first.parent == second.parent == agency.parent
    assert agency.current == second
    change = OrganizationChange.objects.get(kind=OrganizationChangeKind.SPLIT)
    links = {link.successor.code: link.is_default for link in change.successions.all()}
    assert links == {"S-1": False, "S-2": True}


def test_split_reroutes_a_body_that_rolled_up_to_the_split_one(agency):
    hanoi = unit(AdminLevel.PROVINCE, "01")
    older = [make_org(unit=hanoi, valid_from=dt.date(2001, 1, 1)) for _ in range(2)]
    merged = merge_organizations(
        actor=None,
        sources=older,
        effective_date=dt.date(2010, 1, 1),
        unit=hanoi,
        into=NewBody(code="HN-SO-2010", name="Sở (2010)", kind=OrganizationKind.STATE_AGENCY),
    )
    _first, second = split_into(merged, default_code="S-2")
    assert {o.current for o in Organization.objects.filter(pk__in=[b.pk for b in older])} == {
        second
    }


def test_split_with_a_default_that_is_not_a_new_body_is_refused_and_changes_nothing(agency):
    before = counts()
    with pytest.raises(ValidationError):
        split_into(agency, default_code="HN-SO")
    assert counts() == before
    agency.refresh_from_db()
    assert (agency.valid_to, agency.current) == (None, agency)


def test_split_failing_halfway_is_rolled_back_entirely(agency):
    make_org(unit=agency.unit, code="TAKEN")
    before = counts()
    with pytest.raises(ValidationError):
        split_into(agency, default_code="S-1", codes=("S-1", "TAKEN"))  # code already in use
    assert counts() == before
    agency.refresh_from_db()
    assert (agency.valid_to, agency.current) == (None, agency)


# --- rename ----------------------------------------------------------------------------------


def test_rename_keeps_the_same_body_and_records_the_previous_name(hanoi_boards):
    _central, dan_van, _tuyen_giao = hanoi_boards
    pk, code = dan_van.pk, dan_van.code
    actor = _registrar()
    renamed = rename_organization(
        actor=actor,
        organization=dan_van,
        new_name="Ban Dân vận Thành ủy Hà Nội",
        effective_date=dt.date(2024, 1, 1),
        decision="QĐ 2-QĐ/TU",
    )
    assert (renamed.pk, renamed.code) == (pk, code)
    assert Organization.objects.get(pk=pk).name == "Ban Dân vận Thành ủy Hà Nội"
    change = OrganizationChange.objects.get(kind=OrganizationChangeKind.RENAME)
    assert (change.renamed, change.previous_name, change.new_name) == (
        renamed,
        "Ban Dân vận Thành ủy",
        "Ban Dân vận Thành ủy Hà Nội",
    )
    assert change.created_by == actor
    assert not OrganizationSuccession.objects.exists()


def test_history_shows_the_old_name_before_the_rename(db, time_machine):
    time_machine.move_to(dt.datetime(2024, 5, 2, 9, tzinfo=VN), tick=False)
    body = make_org(unit=unit(AdminLevel.PROVINCE, "01"), name="Sở Nội vụ")
    time_machine.move_to(dt.datetime(2025, 3, 1, 9, tzinfo=VN), tick=False)
    rename_organization(
        actor=None,
        organization=body,
        new_name="Sở Nội vụ và Dân tộc",
        effective_date=dt.date(2025, 3, 1),
    )
    assert body.history.as_of(dt.datetime(2025, 1, 1, tzinfo=VN)).name == "Sở Nội vụ"
    assert body.history.as_of(dt.datetime(2025, 3, 2, tzinfo=VN)).name == "Sở Nội vụ và Dân tộc"
    latest = body.history.first()
    assert latest.history_change_reason == "rename"
    assert latest.prev_record.name == "Sở Nội vụ"


def test_rename_to_an_empty_name_is_refused(hanoi_boards):
    _central, dan_van, _tuyen_giao = hanoi_boards
    with pytest.raises(ValidationError):
        rename_organization(
            actor=None, organization=dan_van, new_name="  ", effective_date=dt.date(2024, 1, 1)
        )
    assert not OrganizationChange.objects.exists()


# --- bodies filed against pre-2025 territory -------------------------------------------------


def test_body_of_a_legacy_commune_is_covered_by_the_successor_communes_officer_with_subtree(db):
    truc_bach = unit(AdminLevel.COMMUNE, "00004", legacy=True)  # → Phường Ba Đình (00004)
    old_body = make_org(unit=truc_bach, valid_to=BEFORE_REFORM)
    ba_dinh = make_org(unit=truc_bach.current)
    assert user_with(ba_dinh, Role.OFFICER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )
    assert not user_with(ba_dinh, Role.OFFICER, Scope.UNIT).has_perm(
        "org.view_organization", old_body
    )
    neighbour = make_org(unit=unit(AdminLevel.COMMUNE, "00008"))  # Phường Ngọc Hà
    assert not user_with(neighbour, Role.OFFICER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )


def test_body_of_a_split_legacy_commune_belongs_to_the_default_successor_only(db):
    cong_vi = unit(AdminLevel.COMMUNE, "00007", legacy=True)  # split in 2025
    links = list(selectors.successors_of(cong_vi))
    default, other = links[0].successor, links[1].successor
    old_body = make_org(unit=cong_vi, valid_to=BEFORE_REFORM)
    assert old_body.current_unit == default
    assert user_with(make_org(unit=default), Role.OFFICER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )
    assert not user_with(make_org(unit=other), Role.OFFICER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )


def test_body_of_a_legacy_district_is_covered_at_province_level_not_by_a_commune(db):
    quan_ba_dinh = unit(AdminLevel.DISTRICT, "001", legacy=True)
    old_body = make_org(unit=quan_ba_dinh, valid_to=BEFORE_REFORM)
    hanoi = make_org(unit=unit(AdminLevel.PROVINCE, "01"))
    commune = make_org(unit=unit(AdminLevel.COMMUNE, "00004"))
    assert user_with(hanoi, Role.LEADER, Scope.SUBTREE).has_perm("org.view_organization", old_body)
    assert not user_with(commune, Role.LEADER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )


def test_body_of_a_merged_province_is_covered_by_the_absorbing_province(db):
    ha_giang = unit(AdminLevel.PROVINCE, "02", legacy=True)  # merged into Tuyên Quang
    old_body = make_org(unit=ha_giang, valid_to=BEFORE_REFORM)
    tuyen_quang = make_org(unit=unit(AdminLevel.PROVINCE, "08"))
    hanoi = make_org(unit=unit(AdminLevel.PROVINCE, "01"))
    assert user_with(tuyen_quang, Role.LEADER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )
    assert not user_with(hanoi, Role.LEADER, Scope.SUBTREE).has_perm(
        "org.view_organization", old_body
    )


def test_unit_scope_officer_of_a_merged_body_sees_the_former_bodies(db):
    import datetime as dt

    from danvan.org.models import OrganizationKind
    from danvan.org.services import NewBody, merge_organizations
    from tests.factories import make_org, unit, user_with

    hanoi = unit("01")
    old = [make_org(unit=hanoi, kind=OrganizationKind.MASS_MOBILIZATION_BOARD) for _ in range(2)]
    merged = merge_organizations(
        actor=None,
        sources=old,
        unit=hanoi,
        effective_date=dt.date(2025, 3, 1),
        into=NewBody(
            code="MERGED-U",
            name="Ban Tuyên giáo và Dân vận (thử)",
            kind=OrganizationKind.MASS_MOBILIZATION_COMMISSION,
        ),
    )
    officer = user_with(merged, Role.OFFICER)
    for o in old:
        o.refresh_from_db()
    assert all(officer.has_perm("org.view_organization", o) for o in old)


def test_split_moves_the_children_to_the_default_successor(db):
    import datetime as dt

    from danvan.org.models import Organization, OrganizationKind
    from danvan.org.services import NewBody, split_organization
    from tests.factories import make_org, unit

    hanoi = unit("01")
    source = make_org(unit=hanoi)
    child = make_org(unit=hanoi, parent=source)
    split_organization(
        actor=None,
        source=source,
        default_code="SPLIT-A",
        effective_date=dt.date(2026, 1, 1),
        into=[
            (NewBody(code="SPLIT-A", name="A", kind=OrganizationKind.OTHER), hanoi),
            (NewBody(code="SPLIT-B", name="B", kind=OrganizationKind.OTHER), hanoi),
        ],
    )
    child.refresh_from_db()
    assert child.parent == Organization.objects.get(code="SPLIT-A")
