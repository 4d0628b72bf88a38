"""The citizen's progress stepper: received → classified → accepted → resolved → closed, each
step's date, the current step marked; a matter that ends another way ends on that step.

Matters are received on Mon 05/10/2026 at 09:00 in commune A1 (see test_deadline_defects).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string

from danvan.cases.deadline_selectors import ProgressStep, StepState, progress_steps
from danvan.cases.models import Case
from danvan.cases.services import transfers, workflow
from tests.cases.test_deadline_defects import ANSWER, at, frozen, leader_of, officer_of, receive
from tests.cases.test_deadline_situations import citizen_page

pytestmark = pytest.mark.django_db

ANSWERED = "Ủy ban đã kiểm tra và khơi thông cống; đường đã hết ngập."
MAIN = ["Tiếp nhận", "Phân loại", "Thụ lý", "Giải quyết", "Kết thúc"]


def _classify(network, case, kind="feedback"):  # type: ignore[no-untyped-def]
    with frozen(at(2026, 10, 6)):
        workflow.classify(actor=officer_of(network), case=case, kind=kind, field=None)


def _accept(network, case, kind="feedback"):  # type: ignore[no-untyped-def]
    _classify(network, case, kind)
    with frozen(at(2026, 10, 7)):
        workflow.accept(actor=officer_of(network), case=case)


def _answer(network, case):  # type: ignore[no-untyped-def]
    _accept(network, case)
    with frozen(at(2026, 10, 12)):
        workflow.answer(actor=officer_of(network), case=case, text=ANSWERED)


def received(network, case):  # type: ignore[no-untyped-def]
    pass


def classified(network, case):  # type: ignore[no-untyped-def]
    _classify(network, case)


def accepted(network, case):  # type: ignore[no-untyped-def]
    _accept(network, case)


def resolved(network, case):  # type: ignore[no-untyped-def]
    _answer(network, case)


def closed(network, case):  # type: ignore[no-untyped-def]
    _answer(network, case)
    with frozen(at(2026, 10, 14)):
        workflow.close(actor=officer_of(network), case=case)


def reopened(network, case):  # type: ignore[no-untyped-def]
    closed(network, case)
    with frozen(at(2026, 10, 15)):
        workflow.reopen(actor=officer_of(network), case=case, reason="Công dân phản hồi lại.")


def not_processable(network, case):  # type: ignore[no-untyped-def]
    with frozen(at(2026, 10, 8)):
        workflow.mark_not_processable(
            actor=officer_of(network), case=case, reason="duplicate", answer=ANSWER
        )


def not_processable_closed(network, case):  # type: ignore[no-untyped-def]
    not_processable(network, case)
    with frozen(at(2026, 10, 9)):
        workflow.close(actor=officer_of(network), case=case)


def guided(network, case):  # type: ignore[no-untyped-def]
    _classify(network, case)
    with frozen(at(2026, 10, 8)):
        transfers.guide(
            actor=officer_of(network),
            case=case,
            to_name="Tòa án nhân dân khu vực 1",
            answer="Việc này thuộc thẩm quyền của Tòa án; xin mời ông/bà liên hệ Tòa án.",
        )


def withdrawn(network, case):  # type: ignore[no-untyped-def]
    _accept(network, case, "complaint")  # only a complaint is withdrawn
    with frozen(at(2026, 10, 9)):
        workflow.withdraw(actor=officer_of(network), case=case, whole=True)


def forwarded(network, case):  # type: ignore[no-untyped-def]
    """Classified by the first body, then forwarded: the new body has not classified it."""
    _classify(network, case)
    with frozen(at(2026, 10, 8)):
        transfers.forward(actor=leader_of(network), case=case, to=network.commune_a1)


D, C, T = StepState.DONE, StepState.CURRENT, StepState.TODO
# (how the matter got there, [(label, dd/mm or None, state)]) for each situation.
STEPPERS: dict[str, tuple[Callable, list[tuple[str, str | None, str]]]] = {
    "received": (
        received,
        [
            ("Tiếp nhận", "05/10", C),
            ("Phân loại", None, T),
            ("Thụ lý", None, T),
            ("Giải quyết", None, T),
            ("Kết thúc", None, T),
        ],
    ),
    "classified": (
        classified,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", C),
            ("Thụ lý", None, T),
            ("Giải quyết", None, T),
            ("Kết thúc", None, T),
        ],
    ),
    "accepted": (
        accepted,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Thụ lý", "07/10", C),
            ("Giải quyết", None, T),
            ("Kết thúc", None, T),
        ],
    ),
    "resolved": (
        resolved,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Thụ lý", "07/10", D),
            ("Giải quyết", "12/10", C),
            ("Kết thúc", None, T),
        ],
    ),
    "closed": (
        closed,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Thụ lý", "07/10", D),
            ("Giải quyết", "12/10", D),
            ("Kết thúc", "14/10", C),
        ],
    ),
    "reopened": (
        reopened,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Thụ lý", "07/10", C),
            ("Giải quyết", None, T),
            ("Kết thúc", None, T),
        ],
    ),
    "not processable": (
        not_processable,
        [("Tiếp nhận", "05/10", D), ("Không đủ điều kiện xử lý", "08/10", C)],
    ),
    "not processable, closed": (
        not_processable_closed,
        [
            ("Tiếp nhận", "05/10", D),
            ("Không đủ điều kiện xử lý", "08/10", D),
            ("Kết thúc", "09/10", C),
        ],
    ),
    "guided": (
        guided,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Hướng dẫn đến cơ quan khác", "08/10", C),
        ],
    ),
    "withdrawn": (
        withdrawn,
        [
            ("Tiếp nhận", "05/10", D),
            ("Phân loại", "06/10", D),
            ("Thụ lý", "07/10", D),
            ("Rút đơn", "09/10", C),
        ],
    ),
    "forwarded": (
        forwarded,
        [
            ("Tiếp nhận", "05/10", C),
            ("Phân loại", None, T),
            ("Thụ lý", None, T),
            ("Giải quyết", None, T),
            ("Kết thúc", None, T),
        ],
    ),
}


def _shown(steps: list[ProgressStep]) -> list[tuple[str, str | None, str]]:
    return [(s.label, s.date.strftime("%d/%m") if s.date else None, s.state) for s in steps]


@pytest.mark.parametrize("name", list(STEPPERS))
def test_the_steps_states_and_dates(network, name):
    advance, expected = STEPPERS[name]
    case, _secret = receive(network, at(2026, 10, 5), f"st-{name}")
    advance(network, case)
    case = Case.objects.get(pk=case.pk)
    with frozen(at(2026, 10, 20)):
        steps = progress_steps(case)
    assert _shown(steps) == expected
    assert [s.state for s in steps].count(StepState.CURRENT) == 1


_LI = re.compile(r'<li class="stepper-step is-(?P<state>\w+)"[^>]*>(?P<body>.*?)</li>', re.S)


@pytest.mark.parametrize("name", ["received", "accepted", "closed", "withdrawn"])
def test_the_citizens_page_shows_the_stepper_as_an_ordered_list(network, client, name):
    advance, expected = STEPPERS[name]
    case, secret = receive(network, at(2026, 10, 5), f"sp-{name}")
    advance(network, case)
    with frozen(at(2026, 10, 20)):
        page = citizen_page(client, case, secret)
    stepper = re.search(r'<ol class="stepper"[^>]*>.*?</ol>', page, re.S)
    assert stepper is not None
    html = stepper.group(0)
    assert 'aria-label="Các bước xử lý vụ việc của bạn"' in html
    items = list(_LI.finditer(html))
    assert [m["state"] for m in items] == [state for _l, _d, state in expected]
    for m, (label, day, state) in zip(items, expected, strict=True):
        assert f'<span class="stepper-label">{label}</span>' in m["body"]
        if day:
            assert f"{day}/2026</time>" in m["body"]
        else:
            assert "<time" not in m["body"]
        hidden = {"done": "(đã xong)", "current": "(bước hiện tại)", "todo": "(chưa đến)"}[state]
        assert hidden in m["body"]
    assert html.count('aria-current="step"') == 1
    current = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert current is not None
    assert next(label for label, _d, s in expected if s == "current") in current.group(1)
    # The Content-Security-Policy forbids inline styles: classes only.
    assert "style=" not in page


def test_the_component_takes_any_list_of_steps():
    """Reports reuse it: plain dicts are steps too, and the list's name is given."""
    html = render_to_string(
        "components/stepper.html",
        {
            "steps": [
                {"label": "Lập báo cáo", "date": dt.date(2026, 12, 1), "state": "done"},
                {"label": "Duyệt", "date": None, "state": "current"},
                {"label": "Gửi", "date": None, "state": "todo"},
            ],
            "label": "Tiến độ báo cáo",
        },
    )
    assert html.count("<li") == 3 and html.count('aria-current="step"') == 1
    assert 'aria-label="Tiến độ báo cáo"' in html
    assert '<time class="stepper-date" datetime="2026-12-01">01/12/2026</time>' in html
    assert "style=" not in html
