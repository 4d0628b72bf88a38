"""A directive cascaded down the levels: who must act, recording what they did, and the
compliance matrix as of any date — from the nation to a province to a commune."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.directives import access
from danvan.directives.models import CascadeRule, DocumentKind, Duty, LinkKind, Progress, StudyForm
from danvan.directives.selectors import compliance
from danvan.directives.services import cascade as services
from danvan.directives.services.documents import DocumentSpec
from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.services import NewBody, merge_organizations

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 26)
K = OrganizationKind


def _to_provinces(d, **kw):  # type: ignore[no-untyped-def]
    return services.cascade(
        document=d.directive,
        issuer=d.central,
        rule=CascadeRule.BELOW,
        kinds=[K.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=dt.date(2026, 3, 15),
        plan_due=dt.date(2026, 3, 31),
        on=START,
        **kw,
    )


def _duty(d, body) -> Duty:  # type: ignore[no-untyped-def]
    return Duty.objects.select_related("document", "body", "cascade").get(
        document=d.directive, body=body
    )


def _to_communes(d, duty: Duty, **kw):  # type: ignore[no-untyped-def]
    return services.cascade(
        document=d.directive,
        issuer=duty.body,
        parent_duty=duty,
        rule=CascadeRule.BELOW,
        kinds=[K.PARTY_COMMITTEE],
        level=OrganizationLevel.COMMUNE,
        study_due=dt.date(2026, 5, 15),
        plan_due=dt.date(2026, 5, 31),
        on=dt.date(2026, 4, 1),
        **kw,
    )


def _study(d, body, day, actor=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 12, 1, 3, tzinfo=dt.UTC)):
        return services.record_study(
            document=d.directive,
            body=body,
            held_on=day,
            form=StudyForm.IN_PERSON,
            attendees=60,
            party_members_attending=50,
            party_members_total=55,
            actor=actor,
        )


def _plan(d, duty, day, actor=None, symbol="12-KH/TU"):  # type: ignore[no-untyped-def]
    return services.register_plan(
        duty=duty,
        spec=DocumentSpec(
            symbol=symbol, signed_on=day, summary="Kế hoạch thực hiện", kind=DocumentKind.PLAN
        ),
        actor=actor,
    )


def test_the_rule_names_every_provincial_party_committee_and_nobody_else(directing) -> None:  # type: ignore[no-untyped-def]
    made = _to_provinces(directing, actor=directing.central_officer)
    assert {d.body for d in made.duties.all()} == {
        directing.hanoi_committee,
        directing.tq_committee,
    }


def test_a_second_cascade_naming_nobody_new_is_refused(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    with pytest.raises(ValidationError):
        _to_provinces(directing)
    assert Duty.objects.count() == 2


def test_a_province_passes_down_only_a_directive_it_received(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    tq_duty = _duty(directing, directing.tq_committee)
    with pytest.raises(ValidationError):
        services.cascade(
            document=directing.directive,
            issuer=directing.hanoi_committee,
            parent_duty=tq_duty,
            rule=CascadeRule.CHILDREN,
            study_due=dt.date(2026, 5, 1),
            plan_due=dt.date(2026, 5, 1),
            on=dt.date(2026, 4, 1),
        )


def test_only_the_issuers_own_officers_cascade(directing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _to_provinces(directing, actor=directing.hanoi_leader)


def test_due_dates_before_the_cascade_are_refused(directing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        services.cascade(
            document=directing.directive,
            issuer=directing.central,
            rule=CascadeRule.CHILDREN,
            study_due=dt.date(2026, 1, 1),
            plan_due=None,
            on=START,
        )
    assert {"study_due", "plan_due"} <= set(error.value.message_dict)


def test_a_study_session_and_a_plan_fill_the_duty_with_their_dates(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    duty = _duty(directing, directing.hanoi_committee)
    _study(
        directing, directing.hanoi_committee, dt.date(2026, 3, 10), actor=directing.hanoi_officer
    )
    plan = _plan(directing, duty, dt.date(2026, 4, 5), actor=directing.hanoi_officer)
    duty.refresh_from_db()
    assert duty.studied_on == dt.date(2026, 3, 10)
    assert (duty.plan, duty.plan_issued_on) == (plan, dt.date(2026, 4, 5))
    assert plan.issuer == directing.hanoi_committee
    assert plan.links_out.filter(kind=LinkKind.IMPLEMENTS, target=directing.directive).exists()


def test_the_same_study_session_sent_twice_is_recorded_once(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    first = _study(directing, directing.hanoi_committee, dt.date(2026, 3, 10))
    again = _study(directing, directing.hanoi_committee, dt.date(2026, 3, 10))
    assert first.pk == again.pk


def test_bad_attendance_figures_are_refused(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    with pytest.raises(ValidationError) as error:
        services.record_study(
            document=directing.directive,
            body=directing.hanoi_committee,
            held_on=dt.date(2026, 3, 10),
            form=StudyForm.ONLINE,
            attendees=10,
            party_members_attending=20,
            party_members_total=15,
        )
    assert "party_members_attending" in error.value.message_dict


def test_nobody_records_another_bodys_session_or_plan(directing) -> None:  # type: ignore[no-untyped-def]
    _to_provinces(directing)
    duty = _duty(directing, directing.hanoi_committee)
    _to_communes(directing, duty)
    commune_duty = _duty(directing, directing.a1)
    with pytest.raises(PermissionDenied):
        _study(directing, directing.a1, dt.date(2026, 5, 1), actor=directing.a2_officer)
    with pytest.raises(PermissionDenied):
        _plan(directing, commune_duty, dt.date(2026, 5, 1), actor=directing.hanoi_officer)
    with pytest.raises(PermissionDenied):
        _plan(directing, duty, dt.date(2026, 5, 1), actor=directing.tq_officer)


def _matrix(d, day, **kw):  # type: ignore[no-untyped-def]
    return compliance.matrix(document=d.directive, duties=Duty.objects.all(), on=day, **kw)


def _scenario(d) -> None:  # type: ignore[no-untyped-def]
    """Hà Nội studies on time and plans late; Tuyên Quang studies late and never plans; of
    Hà Nội's communes a1 studies on time, a2 never."""
    _to_provinces(d)
    hanoi = _duty(d, d.hanoi_committee)
    _study(d, d.hanoi_committee, dt.date(2026, 3, 10))
    _plan(d, hanoi, dt.date(2026, 4, 5))
    _study(d, d.tq_committee, dt.date(2026, 3, 20))
    _to_communes(d, hanoi)
    _study(d, d.a1, dt.date(2026, 5, 2))


def test_the_national_matrix_counts_each_province_as_of_the_day(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    matrix = _matrix(directing, dt.date(2026, 6, 1))
    rows = {r.label: r for r in matrix.rows}
    hanoi = rows[directing.hanoi.name]
    assert hanoi.bodies == 3  # the Thành ủy and its two communes' Party committees
    assert (hanoi.steps["study"].done, hanoi.steps["study"].required) == (2, 3)
    assert hanoi.steps["study"].overdue == 1  # a2
    assert (hanoi.steps["plan"].on_time, hanoi.steps["plan"].late) == (0, 1)
    assert hanoi.steps["plan"].overdue == 2  # a1 and a2 past 31/05
    tq = rows[directing.tq_committee.province.name]
    assert (tq.steps["study"].late, tq.steps["plan"].overdue) == (1, 1)
    assert matrix.total.steps["study"].required == 4


def test_the_matrix_as_of_an_earlier_day_does_not_count_what_came_later(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    before = _matrix(directing, dt.date(2026, 3, 16))
    hanoi = next(r for r in before.rows if r.label == directing.hanoi.name)
    # The communes' cascade (01/04) had not started; Hà Nội had studied, not yet planned.
    assert hanoi.bodies == 1
    assert hanoi.steps["study"].on_time == 1
    assert hanoi.steps["plan"].pending == 1 and hanoi.steps["plan"].overdue == 0
    tq = next(r for r in before.rows if r.label != directing.hanoi.name)
    assert tq.steps["study"].overdue == 1  # due 15/03, studied 20/03


def test_a_provinces_matrix_has_a_row_per_commune_and_drills_to_its_bodies(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    matrix = _matrix(directing, dt.date(2026, 6, 1), province=directing.hanoi)
    kinds = [r.kind for r in matrix.rows]
    assert kinds.count("body") == 1 and kinds.count("unit") == 2
    commune = next(r for r in matrix.rows if r.key == directing.a1.current_unit_id)
    assert commune.steps["study"].on_time == 1
    inside = _matrix(directing, dt.date(2026, 6, 1), unit=directing.a1.current_unit)
    assert [(r.label, r.duty_id is not None) for r in inside.rows] == [(directing.a1.name, True)]


def test_a_figure_like_12_of_12_communes_is_counted_not_typed(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    _study(directing, directing.a2, dt.date(2026, 5, 20))
    matrix = _matrix(directing, dt.date(2026, 6, 1), province=directing.hanoi)
    communes = [r for r in matrix.rows if r.kind == "unit"]
    done = sum(r.steps["study"].done for r in communes)
    assert f"{done}/{len(communes)}" == "2/2"


def test_the_duties_of_a_merged_commune_count_under_its_successor(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    successor = merge_organizations(
        actor=None,
        sources=[directing.a1, directing.a2],
        into=NewBody(code="DU-MOI", name="Đảng ủy sau sáp nhập", kind=K.PARTY_COMMITTEE),
        effective_date=dt.date(2026, 7, 1),
        unit=directing.a1.unit,
        parent=directing.hanoi_committee,
    )
    matrix = _matrix(directing, dt.date(2026, 8, 1), province=directing.hanoi)
    units = [r for r in matrix.rows if r.kind == "unit"]
    # Both former communes' duties now roll up to the successor's territory.
    assert sum(r.bodies for r in units) == 2
    assert any(r.key == successor.current_unit_id and r.bodies >= 1 for r in units)


def test_a_commune_sees_its_own_duties_a_province_its_subtree(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    seen = lambda user: set(access.duties_for(user).values_list("body_id", flat=True))  # noqa: E731
    d = directing
    assert seen(d.a1_officer) == {d.a1.pk}
    assert seen(d.hanoi_leader) == {d.hanoi_committee.pk, d.a1.pk, d.a2.pk}
    assert seen(d.tq_officer) == {d.tq_committee.pk}
    # The centre cascaded to the provinces, whose cascades reach the communes: it sees all.
    assert seen(d.central_officer) == {d.hanoi_committee.pk, d.tq_committee.pk, d.a1.pk, d.a2.pk}


def test_overdue_duties_are_listed_for_the_day(directing) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    late = set(
        compliance.overdue(Duty.objects.all(), dt.date(2026, 6, 1)).values_list(
            "body_id", flat=True
        )
    )
    d = directing
    assert late == {d.tq_committee.pk, d.a1.pk, d.a2.pk}


def test_the_matrix_costs_a_few_queries_whatever_its_size(
    directing, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _scenario(directing)
    with django_assert_max_num_queries(3):
        _matrix(directing, dt.date(2026, 6, 1))
    with django_assert_max_num_queries(3):
        _matrix(directing, dt.date(2026, 6, 1), province=directing.hanoi)


def test_progress_of_one_step() -> None:
    day = dt.date(2026, 6, 1)
    due = dt.date(2026, 5, 31)
    assert services_progress(True, due, dt.date(2026, 5, 30), day) == Progress.ON_TIME
    assert services_progress(True, due, dt.date(2026, 6, 1), day) == Progress.LATE
    assert services_progress(True, due, None, day) == Progress.OVERDUE
    assert services_progress(True, due, dt.date(2026, 6, 2), day) == Progress.OVERDUE
    assert services_progress(True, dt.date(2026, 6, 1), None, day) == Progress.PENDING
    assert services_progress(False, due, None, day) == Progress.NOT_REQUIRED


def services_progress(required, due, done, on):  # type: ignore[no-untyped-def]
    from danvan.directives.models import progress

    return progress(required=required, due=due, done=done, on=on)
