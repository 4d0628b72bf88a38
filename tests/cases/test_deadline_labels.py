"""Every due date named after its step, with its legal source for officers and in plain words
for citizens; pauses and extensions said on both pages (issue 16, point 3).

Matters are received on Mon 05/10/2026 at 09:00 (Asia/Ho_Chi_Minh) in commune A1 and handled
by its People's Committee; dates are counted by hand (see test_deadline_defects for the
conventions: October and November 2026 have no day off but weekends).
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from danvan.cases.deadline_selectors import deadline_rows
from danvan.cases.models import Case, CaseKind, CaseState, ServiceTarget
from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import record
from tests.cases.conftest import submission
from tests.cases.test_deadline_defects import (
    at,
    decision,
    frozen,
    leader_of,
    officer_of,
    receive,
)
from tests.cases.test_deadline_situations import citizen_page, officer_page

pytestmark = pytest.mark.django_db

RECEIVED = at(2026, 10, 5)
COMMITTEE = "commune_a1_committee"  # the network's body that handles matters of commune A1

# --- reading the pages ---------------------------------------------------------------------

_TABLE = re.compile(r'<table[^>]*data-testid="deadlines".*?</table>', re.S)
_ROW = re.compile(r'<tr[^>]*data-step="(?P<step>[^"]+)"[^>]*>(?P<body>.*?)</tr>', re.S)
_LABEL = re.compile(r'<th scope="row">(?P<label>.*?)</th>', re.S)


def text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: no tags, entities decoded, spaces folded."""
    spaced = re.sub(r"<br\s*/?>|</(?:td|th|li|p|h\d|dt|dd)>", " ", fragment)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def rows_of(page: str) -> list[tuple[str, str]]:
    """(step, row's HTML) of the deadlines table, in order."""
    table = _TABLE.search(page)
    assert table is not None, "no deadlines table"
    return [(m["step"], m["body"]) for m in _ROW.finditer(table.group(0))]


def row_of(page: str, step: str) -> str:
    [body] = [body for s, body in rows_of(page) if s == step]
    return body


def label_of(row: str) -> str:
    """The row's label (the officer's row header also names the body, under it)."""
    match = _LABEL.search(row)
    assert match is not None, row
    return text(match["label"].split("<br>")[0])


def cell(row: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(?P<inner>.*?)</(?:td|span|small)>', row, re.S)
    return text(match["inner"]) if match else ""


def visible_text(page: str) -> str:
    main = re.search(r"<main.*?</main>", page, re.S)
    return text(main.group(0) if main else page)


# --- the situations ------------------------------------------------------------------------


def _classified(network, key: str, kind: str, **options) -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, key)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer_of(network), case=case, kind=kind, field=None, **options)
    return case, secret


def _accepted(network, key: str, kind: str, when=None, **options) -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    case, secret = _classified(network, key, kind, **options)
    with frozen(when or at(2026, 10, 5, 10, 30)):
        workflow.accept(actor=officer_of(network), case=case)
    return case, secret


def unclassified(network):  # type: ignore[no-untyped-def]
    return receive(network, RECEIVED, "l-unclassified")


def complaint_classified(network):  # type: ignore[no-untyped-def]
    return _classified(network, "l-complaint", "complaint", remote_area=False)


def complaint_accepted(network):  # type: ignore[no-untyped-def]
    return _accepted(network, "l-accepted", "complaint", remote_area=False)


def complaint_accepted_late(network):  # type: ignore[no-untyped-def]
    return _accepted(network, "l-late", "complaint", when=at(2026, 10, 20), remote_area=False)


def second_complaint_complex(network):  # type: ignore[no-untyped-def]
    return _accepted(
        network,
        "l-second",
        "complaint",
        complaint_round="second",
        complexity="complex",
        remote_area=False,
    )


def denunciation_classified(network):  # type: ignore[no-untyped-def]
    return _classified(network, "l-denunciation", "denunciation", remote_area=False)


def denunciation_several_places(network):  # type: ignore[no-untyped-def]
    return _classified(network, "l-several", "denunciation", several_places=True, remote_area=False)


def denunciation_outside(network):  # type: ignore[no-untyped-def]
    return _classified(
        network, "l-outside", "denunciation", outside_competence=True, remote_area=False
    )


def denunciation_extended(network):  # type: ignore[no-untyped-def]
    case, secret = _accepted(network, "l-extended", "denunciation", remote_area=False)
    with frozen(at(2026, 10, 12)):
        workflow.extend(
            actor=officer_of(network),
            case=case,
            reason="Phải xác minh tại nhiều nơi.",
            **decision(dt.date(2026, 10, 12)),
        )
    return case, secret


def complaint_suspended(network):  # type: ignore[no-untyped-def]
    case, secret = complaint_accepted(network)
    with frozen(at(2026, 10, 12)):
        workflow.suspend(
            actor=officer_of(network),
            case=case,
            reason="Chờ kết quả đo đạc.",
            **decision(dt.date(2026, 10, 12)),
        )
    return case, secret


def complaint_resumed(network):  # type: ignore[no-untyped-def]
    case, secret = complaint_suspended(network)
    with frozen(at(2026, 10, 19)):
        workflow.resume(
            actor=officer_of(network),
            case=case,
            reason="",
            **decision(dt.date(2026, 10, 19), "16/QĐ-UBND"),
        )
    return case, secret


def complaint_withdrawn(network):  # type: ignore[no-untyped-def]
    case, secret = complaint_accepted(network)
    with frozen(at(2026, 10, 12)):
        workflow.withdraw(actor=officer_of(network), case=case, whole=True)
    return case, secret


def received_in_person(network):  # type: ignore[no-untyped-def]
    with frozen(at(2026, 10, 5, 11)):
        result = record(
            actor=officer_of(network),
            submission=submission(network, channel="in_person", received_at=RECEIVED),
            organization=getattr(network, COMMITTEE),
        )
    return result.case, result.secret


def feedback_with_target(network):  # type: ignore[no-untyped-def]
    ServiceTarget.objects.create(
        province=network.province_a.unit,
        field=None,
        days=15,
        day_type="working",
        effective_from=dt.date(2026, 1, 1),
        source="Kế hoạch 12/KH-UBND",
    )
    return _accepted(network, "l-target", "feedback")


@dataclass(frozen=True)
class Shown:
    build: Callable
    seen: dt.datetime
    step: str
    label: str  # on both pages
    sources: tuple[str, ...]  # in the officer's "Căn cứ" cell: the article, the rule row
    citizen: str  # the plain sentence (part of it)
    paused_days: int = 0
    note: str = ""  # a pause or extension note, on both pages


LATER = at(2026, 10, 6)
CASES = {
    "handling, unclassified, running": Shown(
        unclassified,
        LATER,
        "handling",
        "Hạn xử lý đơn",
        ("Thông tư 05/2021/TT-TTCP", "Xử lý đơn"),
        # 10 working days from Mon 05/10: Mon 19/10.
        "phải xem xét, xử lý đơn của bạn chậm nhất vào ngày 19/10/2026.",
    ),
    "handling, unclassified, overdue": Shown(
        unclassified,
        at(2026, 10, 20),
        "handling",
        "Hạn xử lý đơn",
        ("Thông tư 05/2021/TT-TTCP",),
        "phải xem xét, xử lý đơn của bạn chậm nhất vào ngày 19/10/2026; đến nay đã quá hạn.",
    ),
    "acceptance, complaint classified": Shown(
        complaint_classified,
        LATER,
        "acceptance",
        "Hạn thụ lý",
        (
            "NĐ 124/2020/NĐ-CP, Điều 16 khoản 1 (sửa đổi bởi NĐ 155/2026/NĐ-CP)",
            "Thụ lý · Khiếu nại lần đầu",
        ),
        # 7 working days from Mon 05/10: 6–9 (4), 12, 13, 14 -> Wed 14/10.
        "phải thông báo cho bạn có nhận giải quyết khiếu nại hay không chậm nhất vào ngày "
        "14/10/2026.",
    ),
    "acceptance, met on time": Shown(
        complaint_accepted,
        LATER,
        "acceptance",
        "Hạn thụ lý",
        ("NĐ 124/2020/NĐ-CP",),
        "Đã thực hiện ngày 05/10/2026, đúng hạn (hạn chậm nhất là ngày 14/10/2026).",
    ),
    "acceptance, met late": Shown(
        complaint_accepted_late,
        at(2026, 10, 21),
        "acceptance",
        "Hạn thụ lý",
        ("NĐ 124/2020/NĐ-CP",),
        "Đã thực hiện ngày 20/10/2026, chậm so với hạn ngày 14/10/2026.",
    ),
    "resolution, first complaint": Shown(
        complaint_accepted,
        LATER,
        "resolution",
        "Hạn giải quyết",
        ("Luật Khiếu nại 2011, Điều 28", "Giải quyết · Khiếu nại lần đầu"),
        # 30 days from Mon 05/10: Wed 04/11.
        "phải giải quyết và thông báo kết quả cho bạn chậm nhất vào ngày 04/11/2026.",
    ),
    "resolution, second complaint, complex": Shown(
        second_complaint_complex,
        LATER,
        "resolution",
        "Hạn giải quyết",
        ("Luật Khiếu nại 2011, Điều 37", "Giải quyết · Khiếu nại lần hai · Phức tạp"),
        # 60 days from Mon 05/10: Fri 04/12.
        "chậm nhất vào ngày 04/12/2026.",
    ),
    "initial processing, denunciation": Shown(
        denunciation_classified,
        LATER,
        "initial_processing",
        "Hạn xử lý ban đầu",
        ("Luật Tố cáo 2018, Điều 24, khoản 1", "Xử lý ban đầu · Tố cáo"),
        "phải kiểm tra nội dung tố cáo và quyết định có nhận giải quyết hay không chậm nhất "
        "vào ngày 14/10/2026.",
    ),
    "initial processing, several places": Shown(
        denunciation_several_places,
        LATER,
        "initial_processing",
        "Hạn xử lý ban đầu",
        ("Luật Tố cáo 2018, Điều 24, khoản 1", "Xử lý ban đầu · Tố cáo · xác minh ở nhiều nơi"),
        # 10 working days: Mon 19/10.
        "chậm nhất vào ngày 19/10/2026.",
    ),
    "forwarding, denunciation outside competence": Shown(
        denunciation_outside,
        LATER,
        "forwarding",
        "Hạn chuyển đơn",
        ("Luật Tố cáo 2018, Điều 24, khoản 2", "Chuyển đơn đến cơ quan có thẩm quyền · Tố cáo"),
        # 5 working days: Mon 12/10.
        "phải chuyển đơn của bạn đến cơ quan có thẩm quyền giải quyết chậm nhất vào ngày "
        "12/10/2026.",
    ),
    "reply, received in person": Shown(
        received_in_person,
        LATER,
        "reply",
        "Hạn trả lời",
        ("Luật Tiếp công dân 2013, Điều 28", "Trả lời kết quả xử lý · Tiếp công dân"),
        "phải trả lời bạn về nội dung bạn đã trình bày trực tiếp chậm nhất vào ngày 19/10/2026.",
    ),
    "target, feedback accepted": Shown(
        feedback_with_target,
        LATER,
        "target",
        "Hạn trả lời theo chỉ tiêu của tỉnh (không phải thời hạn luật định)",
        ("Chỉ tiêu của tỉnh: Kế hoạch 12/KH-UBND",),
        # 15 working days from Mon 05/10: Mon 26/10.
        "phải trả lời bạn (đây là chỉ tiêu của tỉnh, không phải thời hạn do luật quy định) "
        "chậm nhất vào ngày 26/10/2026.",
    ),
    "resolution, extended": Shown(
        denunciation_extended,
        at(2026, 10, 13),
        "resolution",
        "Hạn giải quyết",
        ("Luật Tố cáo 2018, Điều 30", "Giải quyết · Tố cáo · Phức tạp"),
        # 60 days from Mon 05/10: Fri 04/12.
        "chậm nhất vào ngày 04/12/2026.",
        note="Đã gia hạn theo Quyết định số 15/QĐ-UBND ngày 12/10/2026.",
    ),
    "resolution, suspended": Shown(
        complaint_suspended,
        at(2026, 10, 13),
        "resolution",
        "Hạn giải quyết",
        ("Luật Khiếu nại 2011, Điều 28",),
        "Việc giải quyết đang tạm dừng: thời hạn ngừng tính",
        note="Tạm đình chỉ từ 12/10/2026 theo Quyết định số 15/QĐ-UBND ngày 12/10/2026: "
        "thời hạn dừng lại cho đến khi tiếp tục giải quyết.",
    ),
    "resolution, suspended and resumed": Shown(
        complaint_resumed,
        at(2026, 10, 19, 10),
        "resolution",
        "Hạn giải quyết",
        ("Luật Khiếu nại 2011, Điều 28",),
        # 12..18/10 do not count: 30 + 7 days from 05/10 -> Wed 11/11.
        "chậm nhất vào ngày 11/11/2026.",
        paused_days=7,
        note="Đã cộng 7 ngày tạm đình chỉ, không tính vào thời hạn (tạm đình chỉ từ "
        "12/10/2026, tiếp tục giải quyết từ 19/10/2026).",
    ),
    "resolution, withdrawn": Shown(
        complaint_withdrawn,
        at(2026, 10, 12, 10),
        "resolution",
        "Hạn giải quyết",
        ("Luật Khiếu nại 2011, Điều 28",),
        "Thời hạn đến ngày 04/11/2026 không còn áp dụng",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_due_date_is_named_sourced_for_officers_and_plain_for_citizens(network, client, name):
    shown = CASES[name]
    case, secret = shown.build(network)
    with frozen(shown.seen):
        officer = officer_page(client, network, case)
        citizen = citizen_page(client, case, secret)
        [row] = [r for r in deadline_rows(case) if r.step == shown.step and r.current]

    assert row.paused_days == shown.paused_days
    officer_row, citizen_row = row_of(officer, shown.step), row_of(citizen, shown.step)
    assert label_of(officer_row) == label_of(citizen_row) == shown.label
    source = cell(officer_row, "source")
    for part in shown.sources:
        assert part in source, source
    assert shown.citizen in cell(citizen_row, "plain")
    body = getattr(network, COMMITTEE).name
    assert cell(officer_row, "body") == body
    assert f"{row.limit}, tính từ {row.start:%d/%m/%Y}" in text(officer_row)
    if row.status in ("running", "due_soon", "overdue"):
        assert cell(citizen_row, "plain").startswith(f"{body} phải ")
    if shown.note:
        officer_notes = text(officer_row)
        assert shown.note in officer_notes
        assert shown.note in text(citizen_row)
    # The citizen is spared the legal source; the officer gets the article.
    assert "Điều" not in text(citizen_row)
    assert source


@pytest.mark.parametrize("name", ["handling, unclassified, running", "resolution, extended"])
def test_no_page_shows_a_steps_stored_value_or_english(network, client, name):
    shown = CASES[name]
    case, secret = shown.build(network)
    with frozen(shown.seen):
        pages = [officer_page(client, network, case), citizen_page(client, case, secret)]
    for page in pages:
        seen = visible_text(page)
        for word in (
            "handling",
            "acceptance",
            "resolution",
            "initial_processing",
            "Resolution",
            "Letter handling",
            "Running",
            "due",
            "Suspended",
            "Extended",
            "working day",
        ):
            assert not re.search(rf"\b{word}\b", seen), (word, seen[:2000])


# --- suspension arithmetic -----------------------------------------------------------------

# A first complaint accepted Mon 05/10/2026: resolution 30 days -> Wed 04/11/2026. The days
# from a suspension to the day before its resumption do not count (Luật 136/2025/QH15).
PAUSES = [
    pytest.param([], 0, "04/11/2026", id="no suspension"),
    # 12/10 only: 30 + 1 = 31 days from 05/10 -> Thu 05/11.
    pytest.param([(12, 13)], 1, "05/11/2026", id="one day"),
    # 12..18/10: 37 days -> Wed 11/11.
    pytest.param([(12, 19)], 7, "11/11/2026", id="one week"),
    # 12..25/10: 44 days -> Wed 18/11.
    pytest.param([(12, 26)], 14, "18/11/2026", id="two weeks"),
    # 12..13/10 and 19..20/10: 34 days -> Sun 08/11, a day off -> Mon 09/11.
    pytest.param([(12, 14), (19, 21)], 4, "09/11/2026", id="twice, ends on a Sunday"),
]


@pytest.mark.parametrize(("pauses", "days", "due"), PAUSES)
def test_finished_suspensions_lengthen_the_resolution_by_their_days(
    network, client, pauses, days, due
):
    case, secret = complaint_accepted(network)
    officer = officer_of(network)
    for n, (start, end) in enumerate(pauses):
        with frozen(at(2026, 10, start)):
            workflow.suspend(
                actor=officer,
                case=case,
                reason="Chờ kết quả giám định.",
                **decision(dt.date(2026, 10, start), f"{20 + n}/QĐ-UBND"),
            )
        with frozen(at(2026, 10, end)):
            workflow.resume(
                actor=officer,
                case=case,
                reason="",
                **decision(dt.date(2026, 10, end), f"{30 + n}/QĐ-UBND"),
            )
    with frozen(at(2026, 10, 27)):
        [row] = [r for r in deadline_rows(case) if r.step == "resolution"]
        officer_row = row_of(officer_page(client, network, case), "resolution")
        citizen_row = row_of(citizen_page(client, case, secret), "resolution")
    assert row.paused_days == days
    assert row.due.strftime("%d/%m/%Y") == due
    assert f"<strong>{due}</strong>" in officer_row and f"<strong>{due}</strong>" in citizen_row
    if days:
        note = f"Đã cộng {days} ngày tạm đình chỉ, không tính vào thời hạn"
        assert note in text(officer_row) and note in text(citizen_row)
        for start, end in pauses:
            period = (
                f"tạm đình chỉ từ {start:02d}/10/2026, tiếp tục giải quyết từ {end:02d}/10/2026"
            )
            assert period in text(citizen_row)
    else:
        assert 'data-testid="pause"' not in officer_row + citizen_row


# --- no two rows with the same label -------------------------------------------------------


def test_the_same_step_at_two_bodies_names_each_body(network, client):
    """Forwarded: the sender's and the receiver's letter handling are two rows; each says
    which body it is, on both pages (the citizen saw two lines both called "Hạn xử lý")."""
    case, secret = receive(network, RECEIVED, "l-forwarded")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    with frozen(at(2026, 10, 7, 14)):
        transfers.forward(actor=officer, case=case, to=network.commune_a1)
    sender, receiver = network.commune_a1_committee.name, network.commune_a1.name
    with frozen(at(2026, 10, 7, 15)):
        pages = [officer_page(client, network, case), citizen_page(client, case, secret)]
    for page in pages:
        labels = [label_of(body) for _step, body in rows_of(page)]
        assert labels == [
            "Hạn chuyển đơn",
            f"Hạn xử lý đơn ({sender})",
            f"Hạn xử lý đơn ({receiver})",
        ]
        assert len(set(labels)) == len(labels)
        assert "Hạn xử lý:" not in visible_text(page)
    plain = [cell(body, "plain") for _step, body in rows_of(pages[1])]
    assert plain[0].startswith("Đã thực hiện ngày 07/10/2026, đúng hạn")
    assert plain[2] == (
        f"{receiver} phải xem xét, xử lý đơn của bạn chậm nhất vào ngày 21/10/2026."
    )


def test_the_same_step_twice_at_one_body_says_from_when(network):
    """Sent back to a body it left: the body's two rows differ by the day they count from."""
    case, _secret = receive(network, RECEIVED, "l-back")
    leader = leader_of(network)
    with frozen(at(2026, 10, 6, 10)):
        transfers.forward(actor=leader, case=case, to=network.commune_a1)
    with frozen(at(2026, 10, 8, 10)):
        transfers.forward(actor=leader, case=case, to=network.commune_a1_committee)
    with frozen(at(2026, 10, 8, 11)):
        labels = [r.label for r in deadline_rows(case) if r.step == "handling"]
    committee = network.commune_a1_committee.name
    assert labels == [
        f"Hạn xử lý đơn ({committee}) (từ 05/10/2026)",
        f"Hạn xử lý đơn ({network.commune_a1.name})",
        f"Hạn xử lý đơn ({committee}) (từ 08/10/2026)",
    ]


# --- the demo's accepted matters -----------------------------------------------------------


def test_the_demos_accepted_matters_are_classified_and_carry_their_running_deadline(db, client):
    """A demo matter "Đã thụ lý" said it had no deadline because it still needed classifying:
    every accepted demo matter is classified and its plan made by the services."""
    from django.core.management import call_command

    call_command("seed", profile="demo", quiet=True)
    accepted = Case.objects.filter(
        state__in=[
            CaseState.ACCEPTED,
            CaseState.IN_PROGRESS,
            CaseState.EXTENDED,
            CaseState.SUSPENDED,
        ]
    )
    assert accepted.exists()
    for case in accepted:
        assert case.kind != CaseKind.UNCLASSIFIED, case.tracking_code
        assert case.accepted_at is not None
        rows = deadline_rows(case)
        steps = {r.step for r in rows if r.status not in ("met", "met_late", "closed")}
        assert steps & {"resolution", "target"}, (case.tracking_code, case.kind, steps)
        labels = [r.label for r in rows]
        assert len(set(labels)) == len(labels)
        assert (case.next_due_date is None) == (case.state == CaseState.SUSPENDED)
