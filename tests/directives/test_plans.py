"""Plans at work: the task tree and its numbering, progress reported and rolled up by the
plan's rule (computed and reported kept apart), status read against a day, who may plan and
report, the XLSX round trip (all or nothing, row by row), "My tasks"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.accounts.models import Role
from danvan.directives import access, sheets
from danvan.directives.models import (
    DocumentKind,
    ProgressRule,
    Task,
    TaskState,
    TaskStatus,
    Workplan,
)
from danvan.directives.selectors import plans as selectors
from danvan.directives.services import plans as services
from danvan.directives.services.documents import DocumentSpec, register_document
from danvan.lib.spreadsheets import ImportFileError
from tests.factories import sign_in, user_with

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 10, 3, tzinfo=dt.UTC)


@pytest.fixture
def plan(directing) -> Workplan:  # type: ignore[no-untyped-def]
    d = directing
    document = register_document(
        spec=DocumentSpec(
            symbol="135-KH/TU",
            signed_on=dt.date(2026, 3, 1),
            summary="Kế hoạch thực hiện Kết luận 236-KL/TW",
            kind=DocumentKind.PLAN,
            issuer=d.hanoi_committee,
        ),
        registrar=d.hanoi_committee,
    )
    return services.open_workplan(document=document, actor=d.hanoi_officer)


def _task(plan, title, lead, due=dt.date(2026, 6, 30), parent=None, weight=1, actor=None):  # type: ignore[no-untyped-def]
    return services.add_task(
        workplan=plan,
        spec=services.TaskSpec(title=title, lead_body=lead, due_on=due, weight=weight),
        parent=parent,
        actor=actor,
    )


def _report(task, percent, state="", actor=None):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        return services.report_progress(task=task, percent=percent, state=state, actor=actor)


def test_tasks_are_numbered_in_their_tree(directing, plan) -> None:  # type: ignore[no-untyped-def]
    one = _task(plan, "Quán triệt", directing.hanoi_committee)
    two = _task(plan, "Triển khai ở cơ sở", directing.hanoi_committee)
    children = [_task(plan, f"Xã {i}", directing.a1, parent=two) for i in range(1, 12)]
    assert (one.number, two.number) == ("1", "2")
    assert [c.number for c in children][-2:] == ["2.10", "2.11"]
    ordered = [t.number for t in Task.objects.filter(workplan=plan).order_by("path")]
    assert ordered[:4] == ["1", "2", "2.1", "2.2"] and ordered[-1] == "2.11"


def test_a_parents_progress_is_the_weighted_average_of_its_children(directing, plan) -> None:  # type: ignore[no-untyped-def]
    parent = _task(plan, "Triển khai", directing.hanoi_committee)
    a = _task(plan, "A", directing.a1, parent=parent, weight=3)
    b = _task(plan, "B", directing.a2, parent=parent, weight=1)
    c = _task(plan, "C", directing.a2, parent=parent, weight=1)
    _report(a, 50)
    _report(b, 100)
    services.cancel_task(task=c, reason="Trùng với nhiệm vụ khác")
    parent.refresh_from_db()
    # (50×3 + 100×1) / 4 = 62.5; the cancelled task is left out.
    assert parent.computed_percent == Decimal("62.50")
    _report(parent, 40)  # what the lead body says of the whole, kept beside
    parent.refresh_from_db()
    assert (parent.computed_percent, parent.reported_percent) == (Decimal("62.50"), 40)
    assert parent.percent == Decimal("62.50")
    plan.progress_rule = ProgressRule.REPORTED
    plan.save()
    parent.refresh_from_db()
    assert parent.percent == Decimal(40)


def test_progress_rolls_up_through_every_level(directing, plan) -> None:  # type: ignore[no-untyped-def]
    top = _task(plan, "1", directing.hanoi_committee)
    mid = _task(plan, "1.1", directing.hanoi_committee, parent=top)
    _task(plan, "1.2", directing.hanoi_committee, parent=top)
    leaf = _task(plan, "1.1.1", directing.a1, parent=mid)
    _report(leaf, 100)
    top.refresh_from_db()
    mid.refresh_from_db()
    assert mid.computed_percent == Decimal("100.00")
    assert top.computed_percent == Decimal("50.00")
    lines = selectors.tree(plan, NOW.date())
    assert selectors.percent(lines) == Decimal("50.0")


def test_status_reads_the_due_date_against_the_day(directing, plan) -> None:  # type: ignore[no-untyped-def]
    task = _task(plan, "Hội nghị", directing.a1, due=dt.date(2026, 6, 1))
    assert task.status_on(dt.date(2026, 5, 31)) == TaskStatus.NOT_STARTED
    assert task.status_on(dt.date(2026, 6, 2)) == TaskStatus.OVERDUE
    _report(task, 100)  # done on 10/06, after 01/06
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.done_on == NOW.date()
    assert task.status_on(dt.date(2026, 7, 1)) == TaskStatus.DONE_LATE


@pytest.mark.parametrize(
    ("percent", "state", "field"),
    [(101, "", "percent"), (60, "done", "percent"), (30, "not_started", "state")],
)
def test_inconsistent_progress_is_refused(directing, plan, percent, state, field) -> None:  # type: ignore[no-untyped-def]
    task = _task(plan, "X", directing.a1)
    with pytest.raises(ValidationError) as error:
        _report(task, percent, state)
    assert field in error.value.message_dict
    task.refresh_from_db()
    assert task.reported_percent is None and not task.updates.exists()


def test_the_same_report_twice_is_recorded_once(directing, plan) -> None:  # type: ignore[no-untyped-def]
    task = _task(plan, "X", directing.a1)
    _report(task, 40)
    _report(task, 40)
    assert task.updates.count() == 1


def test_who_plans_and_who_reports(directing, plan) -> None:  # type: ignore[no-untyped-def]
    d = directing
    task = _task(plan, "Việc của xã A1", d.a1, actor=d.hanoi_officer)
    with pytest.raises(PermissionDenied):
        _task(plan, "Xã tự thêm", d.a1, actor=d.a1_officer)  # nobody edits another's plan
    with pytest.raises(PermissionDenied):
        _task(plan, "Tỉnh khác", d.a1, actor=d.tq_officer)
    _report(task, 30, actor=d.a1_officer)  # the lead body reports
    _report(task, 50, actor=d.hanoi_officer)  # and so does the plan's own body
    with pytest.raises(PermissionDenied):
        _report(task, 70, actor=d.a2_officer)
    named = user_with(d.a2, Role.OFFICER)
    task.officer = named
    task.save()
    _report(task, 80, actor=named)  # the responsible officer named on it


def test_my_tasks_lists_the_open_tasks_of_my_bodies_and_those_naming_me(directing, plan) -> None:  # type: ignore[no-untyped-def]
    d = directing
    mine = _task(plan, "Của xã A1", d.a1, due=dt.date(2026, 6, 20))
    _task(plan, "Của xã A2", d.a2)
    done = _task(plan, "Đã xong", d.a1)
    _report(done, 100)
    assert list(access.my_tasks(d.a1_officer)) == [mine]
    assert set(access.subtree_tasks(d.hanoi_leader)) == set(Task.objects.filter(workplan=plan))


def test_my_tasks_page_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, directing, plan, django_assert_max_num_queries
) -> None:
    for i in range(8):
        _task(plan, f"Việc {i}", directing.a1)
    sign_in(client, directing.a1_officer)
    client.get(reverse("directives:my_tasks"))
    with django_assert_max_num_queries(16):
        page = client.get(reverse("directives:my_tasks"))
    assert page.status_code == 200 and "Việc 7" in page.content.decode()


def _edited(client, plan, tmp_path, edit):  # type: ignore[no-untyped-def]
    response = client.get(reverse("directives:tasks_xlsx", args=[plan.document_id]))
    assert response.status_code == 200
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    book = openpyxl.load_workbook(path)
    sheet = book.active
    edit(sheet)
    book.save(path)
    return path


def test_the_xlsx_round_trip_updates_the_tasks(client, directing, plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = _task(plan, "A", directing.a1)
    b = _task(plan, "B", directing.a1)
    sign_in(client, directing.a1_officer)

    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet["F2"], sheet["G2"], sheet["H2"] = "Đang thực hiện", 45, "Đã họp 3 thôn"

    path = _edited(client, plan, tmp_path, edit)
    with time_machine.travel(NOW):
        changed = services.import_progress(workplan=plan, path=path, actor=directing.a1_officer)
    assert changed == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.reported_percent, a.state) == (45, TaskState.IN_PROGRESS)
    assert b.reported_percent is None


def test_one_bad_row_and_nothing_changes(client, directing, plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = _task(plan, "A", directing.a1)
    _task(plan, "B", directing.a1)
    sign_in(client, directing.a1_officer)

    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet["G2"] = 60
        sheet["F3"], sheet["G3"] = "Hoàn thành", 50  # done at 50%: refused

    path = _edited(client, plan, tmp_path, edit)
    with time_machine.travel(NOW), pytest.raises(ImportFileError) as error:
        services.import_progress(workplan=plan, path=path, actor=directing.a1_officer)
    assert [e.row for e in error.value.errors] == [3]
    a.refresh_from_db()
    assert a.reported_percent is None and not a.updates.exists()


def test_a_sheet_with_its_header_changed_is_refused(directing, plan, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.active.append(["id", "percent"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError):
        sheets.read(path)


def test_the_import_page_answers_400_with_the_rows_to_correct(
    client, directing, plan, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _task(plan, "A", directing.a1)
    sign_in(client, directing.a1_officer)

    def edit(sheet):  # type: ignore[no-untyped-def]
        sheet["G2"] = "nhiều"

    path = _edited(client, plan, tmp_path, edit)
    with path.open("rb") as f:
        page = client.post(reverse("directives:tasks_import", args=[plan.document_id]), {"file": f})
    assert page.status_code == 400
    assert 'data-testid="import-errors"' in page.content.decode()


def test_reporting_progress_on_the_task_page(client, directing, plan) -> None:  # type: ignore[no-untyped-def]
    task = _task(plan, "Tổ chức đối thoại", directing.a1)
    sign_in(client, directing.a1_officer)
    url = reverse("directives:task", args=[task.pk])
    with time_machine.travel(NOW):
        assert client.post(url, {"percent": "150"}).status_code == 400
        assert (
            client.post(url, {"percent": "70", "narrative": "Đã đối thoại 5/7 thôn"}).status_code
            == 302
        )
    task.refresh_from_db()
    assert (task.reported_percent, task.state) == (70, TaskState.IN_PROGRESS)
    sign_in(client, directing.tq_officer)
    assert client.get(url).status_code == 403


def test_the_plan_page_and_the_board(
    client, directing, plan, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    parent = _task(plan, "Triển khai", directing.hanoi_committee)
    for i in range(5):
        _task(plan, f"Xã {i}", directing.a1, parent=parent)
    sign_in(client, directing.hanoi_officer)
    url = reverse("directives:workplan", args=[plan.document_id])
    client.get(url)
    with django_assert_max_num_queries(22):
        page = client.get(url)
    assert page.status_code == 200 and "1.5." in page.content.decode()
    board = client.get(reverse("directives:board", args=[directing.a1.pk]))
    assert board.status_code == 200 and "Xã 4" in board.content.decode()
