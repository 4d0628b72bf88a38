"""Who may do what with directives, by role and scope: the object rules and the list filters
agree. Actions on three objects — the centre's directive (D), Hà Nội's duty under it (H) and
commune A1's duty (C): V see, K keep the registry entry, X cascade from the body, F fulfil
(record the session, register the plan)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.directives import access
from danvan.directives.models import Duty
from tests.directives.conftest import to_communes, to_provinces
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db

USERS = {
    # name: (body, role, scope)
    "a1_officer": ("a1", Role.OFFICER, Scope.UNIT),
    "a1_leader": ("a1", Role.LEADER, Scope.UNIT),
    "a1_unit_admin": ("a1", Role.UNIT_ADMIN, Scope.UNIT),
    "a2_officer": ("a2", Role.OFFICER, Scope.UNIT),
    "a2_leader_subtree": ("a2", Role.LEADER, Scope.SUBTREE),
    "hanoi_officer": ("hanoi_committee", Role.OFFICER, Scope.UNIT),
    "hanoi_leader_subtree": ("hanoi_committee", Role.LEADER, Scope.SUBTREE),
    "tq_officer": ("tq_committee", Role.OFFICER, Scope.UNIT),
    "central_officer": ("central", Role.OFFICER, Scope.UNIT),
    "central_leader_subtree": ("central", Role.LEADER, Scope.SUBTREE),
    "citizen": None,
}
#                            directive D, Hà Nội's duty H, commune A1's duty C
EXPECTED = {
    "a1_officer": ("V", "", "VXF"),
    "a1_leader": ("V", "", "VXF"),
    "a1_unit_admin": ("V", "", "V"),
    "a2_officer": ("V", "", ""),
    "a2_leader_subtree": ("V", "", ""),
    "hanoi_officer": ("V", "VXF", "V"),
    "hanoi_leader_subtree": ("V", "VXF", "V"),
    "tq_officer": ("V", "", ""),
    "central_officer": ("VK", "V", "V"),
    "central_leader_subtree": ("VK", "V", "V"),
    "citizen": ("", "", ""),
}


@pytest.fixture
def duties(directing):  # type: ignore[no-untyped-def]
    d = directing
    hanoi = to_provinces(d)
    to_communes(
        d,
        hanoi,
        study_due=dt.date(2026, 5, 15),
        plan_due=dt.date(2026, 5, 31),
        on=dt.date(2026, 4, 1),
    )
    return hanoi, Duty.objects.get(document=d.directive, body=d.a1)


def _letters_document(user, document) -> str:  # type: ignore[no-untyped-def]
    seen = access.may_see_document(user, document)
    assert seen == access.documents_for(user).filter(pk=document.pk).exists() or (
        access.may_edit_document(user, document)
    )
    return ("V" if seen else "") + (
        "K" if user.has_perm("directives.change_document", document) else ""
    )


def _letters_duty(user, duty) -> str:  # type: ignore[no-untyped-def]
    seen = user.has_perm("directives.view_duty", duty)
    assert seen == access.duties_for(user).filter(pk=duty.pk).exists()
    cascades = user.has_perm("directives.cascade", duty.body)
    fulfils = user.has_perm("directives.fulfil", duty.body)
    return ("V" if seen else "") + ("X" if cascades else "") + ("F" if fulfils else "")


@pytest.mark.parametrize("name", list(USERS))
def test_permission_matrix(directing, duties, name) -> None:  # type: ignore[no-untyped-def]
    spec = USERS[name]
    if spec is None:
        user = UserFactory()
    else:
        body, role, scope = spec
        user = user_with(getattr(directing, body), role, scope)
    hanoi, commune = duties
    got = (
        _letters_document(user, directing.directive),
        _letters_duty(user, hanoi),
        _letters_duty(user, commune),
    )
    assert got == EXPECTED[name]


# Hà Nội's plan, with a task its commune A1 leads: P set the plan up (targets, tasks), R report
# progress on A1's task, V read the task.
TASK_EXPECTED = {
    "a1_officer": "VR",
    "a1_leader": "VR",
    "a1_unit_admin": "V",
    "a2_officer": "V",  # same province: reads the plan, reports nothing
    "a2_leader_subtree": "V",
    "hanoi_officer": "VPR",
    "hanoi_leader_subtree": "VPR",
    "tq_officer": "",
    # A unit grant at the centre reads the provinces' own plans only under its cascades.
    "central_officer": "",
    "central_leader_subtree": "V",
    "citizen": "",
}


@pytest.fixture
def task(directing):  # type: ignore[no-untyped-def]
    from danvan.directives.models import DocumentKind
    from danvan.directives.services import plans
    from danvan.directives.services.documents import DocumentSpec, register_document

    document = register_document(
        spec=DocumentSpec(
            symbol="135-KH/TU",
            signed_on=dt.date(2026, 3, 1),
            summary="Kế hoạch",
            kind=DocumentKind.PLAN,
            issuer=directing.hanoi_committee,
        ),
        registrar=directing.hanoi_committee,
    )
    workplan = plans.open_workplan(document=document)
    return plans.add_task(
        workplan=workplan,
        spec=plans.TaskSpec(title="Ở xã A1", lead_body=directing.a1, due_on=dt.date(2026, 6, 30)),
    )


@pytest.mark.parametrize("name", list(USERS))
def test_task_permission_matrix(directing, task, name) -> None:  # type: ignore[no-untyped-def]
    spec = USERS[name]
    if spec is None:
        user = UserFactory()
    else:
        body, role, scope = spec
        user = user_with(getattr(directing, body), role, scope)
    seen = access.tasks_for(user).filter(pk=task.pk).exists()
    got = (
        ("V" if seen else "")
        + ("P" if user.has_perm("directives.plan", task.workplan.body) else "")
        + ("R" if user.has_perm("directives.report_task", task) else "")
    )
    assert got == TASK_EXPECTED[name]
