"""The briefing draft's content and its .docx: the topics of the body's territory with their
change, the hotspots, the figures, numbered references and the draft marking — and never a
denunciation's words, a sensitive text or a petitioner's identity."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from docx import Document

from danvan.insights.briefing import content, document
from danvan.insights.briefing.quarters import Quarter
from danvan.insights.models import SensitiveUse
from tests.factories import Role, Scope, user_with

from . import briefing_fixture as fx

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)


def docx_text(data: bytes) -> str:
    """Every word of the document: its paragraphs, its tables' cells, its page header."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)


def table_rows(data: bytes) -> list[list[str]]:
    doc = Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


@pytest.fixture
def quarter3(network) -> fx.Quarter3:  # type: ignore[no-untyped-def]
    return fx.build(network)


@pytest.fixture
def leader(network) -> Any:  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1_committee, Role.LEADER)


def draft(user: Any, body: Any, quarter: Quarter = Q3) -> tuple[content.Briefing, bytes]:
    with time_machine.travel(fx.AFTER_Q3, tick=False):
        made = content.gather(user, body, quarter)
        return made, document.briefing_docx(made)


# --- quarters ----------------------------------------------------------------------------


def test_the_quarter_s_bounds_are_midnights_in_vietnam() -> None:
    start, end = Q3.bounds()
    assert start == dt.datetime(2026, 6, 30, 17, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)
    assert Q3.previous() == Quarter(2026, 2) and Quarter(2026, 1).previous() == Quarter(2025, 4)


def test_a_week_belongs_to_the_quarter_holding_its_thursday() -> None:
    assert Q3.weeks() == (dt.date(2026, 6, 29), dt.date(2026, 9, 21))
    assert Quarter(2026, 4).weeks()[0] == dt.date(2026, 9, 28)


def test_the_default_quarter_is_the_last_complete_one_in_vietnam() -> None:
    # 20:00 UTC on 31/12 is already 01/01 in Vietnam: the fourth quarter is complete.
    with time_machine.travel(dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC), tick=False):
        assert Quarter.last_complete() == Quarter(2026, 4)
    with time_machine.travel(dt.datetime(2026, 12, 31, 16, 0, tzinfo=dt.UTC), tick=False):
        assert Quarter.last_complete() == Quarter(2026, 3)


@pytest.mark.parametrize("value", ["", "2026", "2026-5", "2026-0", "abc", "1999-2", "2026-3x"])
def test_a_quarter_that_is_not_one_is_refused(value: str) -> None:
    assert Quarter.parse(value) is None


# --- masking -----------------------------------------------------------------------------


def test_an_excerpt_masks_names_telephones_e_mails_and_identity_numbers() -> None:
    out = content.excerpt(fx.NAMED + " Bà Lan nói chị Mai đến. CCCD 001203004567.")
    for secret in ("Nguyễn Văn Tám", "0912 345 678", "tam.nv@example.vn", "001203004567"):
        assert secret not in out
    assert "Lan" not in out and "Mai" not in out
    assert "ở tổ 5" in out and "cống tắc gây ngập" in out


# --- the draft ---------------------------------------------------------------------------


def test_the_draft_has_the_topics_with_their_change_since_last_quarter(
    network, quarter3, leader
) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    flood = next(r for r in made.topics if r.topic_id == quarter3.flood.pk)
    assert (flood.count, flood.previous, flood.change, flood.percent) == (13, 8, 5, 62.5)
    land = next(r for r in made.topics if r.topic_id == quarter3.land.pk)
    assert (land.count, land.previous, land.percent) == (7, 0, None)
    rows = table_rows(data)
    assert ["1", "Ngập úng đô thị", "13", "8", "+5", "+62,5%"] in rows
    assert ["2", "Cấp giấy chứng nhận đất", "7", "0", "+7", "mới"] in rows


def test_the_draft_is_marked_as_a_draft_in_the_body_s_layout(network, quarter3, leader) -> None:  # type: ignore[no-untyped-def]
    _made, data = draft(leader, network.commune_a1_committee)
    text = docx_text(data)
    assert "DỰ THẢO" in text and document.DRAFT_NOTE in text
    header = Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    assert header.startswith("DỰ THẢO")
    # A People's Committee writes per Nghị định 30/2020; a Party commission per 36-HD/VPTW.
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "ĐẢNG CỘNG SẢN" not in text
    party = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    _made, data = draft(party, network.province_a)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(data)


def test_the_draft_has_the_quarter_s_hotspots_with_state_place_and_body(
    network, quarter3, leader
) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    assert [h.pk for h in made.hotspots] == [quarter3.hotspot.pk]
    row = next(r for r in table_rows(data) if "MARKHOTSPOT" in r[1])
    assert row[2] == network.commune_a1.unit.name
    assert row[3] == str(quarter3.hotspot.get_state_display())
    assert row[4] == network.commune_a1_committee.name and row[5] == "9"
    assert "MARKQ4HOTSPOT" not in docx_text(data)


def test_the_draft_has_the_figures_of_the_matters_received(network, quarter3, leader) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    received = next(f for f in made.figures if f.key == "cases.received")
    assert received.value == len(quarter3.cases) and received.previous == 0
    assert received.change == len(quarter3.cases)
    rows = table_rows(data)
    assert any(r[1] == received.label and r[3] == str(len(quarter3.cases)) for r in rows)


def test_the_draft_quotes_notable_matters_with_their_tracking_code(
    network, quarter3, leader
) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    text = docx_text(data)
    assert "MARKFLOODONE" in text and "MARKNAMED" in text
    first = quarter3.cases[0]
    quote = next(q for q in made.quotes if "MARKFLOODONE" in q.excerpt)
    assert first.tracking_code in quote.source
    assert f"[{quote.ref}] {quote.source}" in text


def test_the_references_are_numbered_and_listed_at_the_end(network, quarter3, leader) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    text = docx_text(data)
    assert [r.number for r in made.references] == list(range(1, len(made.references) + 1))
    assert len(made.references) >= 4  # the topics, a hotspot, the figures, the quotes
    tail = text[text.index("NGUỒN THAM KHẢO") :]
    for ref in made.references:
        assert f"[{ref.number}] {ref.text}" in tail


def test_the_draft_never_holds_a_denunciation_a_sensitive_text_or_a_petitioner(
    network, quarter3, leader
) -> None:  # type: ignore[no-untyped-def]
    made, data = draft(leader, network.commune_a1_committee)
    text = docx_text(data)
    for secret in ("MARKDENOUNCE", "MARKSENSITIVE", "Giáo xứ", fx.PETITIONER, "Nguyễn Văn Tám"):
        assert secret not in text, secret
    assert "0912 345 678" not in text and "tam.nv@example.vn" not in text
    # Counted, though: one denunciation, one sensitive text.
    assert made.restricted == 1 and made.sensitive == 1


def test_texts_are_in_the_quarter_of_their_moment_in_vietnam(
    network, quarter3, leader, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.INSIGHTS_BRIEFING_QUOTES = 10
    _made, data = draft(leader, network.commune_a1_committee)
    text = docx_text(data)
    assert "MARKLATEQ3" in text  # 23:59 on 30/09 in Vietnam
    assert "MARKEARLYQ4" not in text  # 03:00 on 01/10 in Vietnam, 30/09 in UTC
    _q4, data4 = draft(leader, network.commune_a1_committee, Quarter(2026, 4))
    assert "MARKEARLYQ4" in docx_text(data4) and "MARKLATEQ3" not in docx_text(data4)


def test_a_body_in_another_province_gets_none_of_this_province_s_topics_or_hotspots(
    network, quarter3
) -> None:  # type: ignore[no-untyped-def]
    other = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    made, data = draft(other, network.province_b)
    assert [r.topic_id for r in made.topics] == [quarter3.noise.pk]
    assert [h.pk for h in made.hotspots] == [quarter3.other_hotspot.pk]
    text = docx_text(data)
    for mark in ("Ngập úng đô thị", "MARKHOTSPOT", "MARKFLOOD", "MARKNAMED"):
        assert mark not in text
    # And this province's body none of that one's.
    here = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    made, data = draft(here, network.province_a)
    assert quarter3.noise.pk not in [r.topic_id for r in made.topics]
    assert "MARKOTHERPROVINCE" not in docx_text(data)


def test_counting_sensitive_texts_is_logged(network, quarter3, leader) -> None:  # type: ignore[no-untyped-def]
    from danvan.insights.services.briefing import record_draft

    made, _data = draft(leader, network.commune_a1_committee)
    record_draft(
        actor=leader,
        body=network.commune_a1_committee,
        quarter=Q3,
        quoted=len(made.quotes),
        sensitive=made.sensitive,
    )
    use = SensitiveUse.objects.get()
    assert use.user == leader and use.texts == 1 and use.purpose == "briefing draft"


def test_the_draft_has_the_issues_of_the_situation_reports_of_the_territory(network) -> None:  # type: ignore[no-untyped-def]
    from danvan.reports.models import Severity, Trend
    from tests.reports.situation_support import add, make_situation, send

    sit = make_situation(network)
    mine = sit.report(network.commune_a1)
    add(
        mine,
        sit.commune_officer,
        "Bồi thường mặt bằng MARKISSUE",
        severity=Severity.HIGH,
        trend=Trend.RISING,
        handling="Đối thoại với các hộ dân MARKHANDLING",
    )
    send(mine, sit.commune_officer, sit.commune_leader)
    draft_only = sit.report(network.commune_a2)  # never sent: not in anyone's briefing
    add(draft_only, sit.other_commune_officer, "Chưa gửi MARKUNSENT")
    made, data = draft(sit.province_leader, network.province_a, Quarter(2026, 4))
    assert made.issues is not None
    assert [i.topic for i in made.issues] == ["Bồi thường mặt bằng MARKISSUE"]
    row = next(r for r in table_rows(data) if "MARKISSUE" in r[1])
    assert "MARKHANDLING" in row[6] and row[7] == f"[{made.issues[0].ref}]"
    assert "MARKUNSENT" not in docx_text(data)
    # A body of another province gets none of them.
    other = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    made, data = draft(other, network.province_b, Quarter(2026, 4))
    assert made.issues == [] and "MARKISSUE" not in docx_text(data)
