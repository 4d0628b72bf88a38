"""The matrix's rows written in Python (compliance_table): what the template wrote before,
escaped, with each column's Vietnamese name for the stacked layout on a phone."""

from __future__ import annotations

from django.utils import translation

from danvan.directives.compliance_table import rows_html
from danvan.directives.selectors.compliance import Row, Step


def _row(label: str, *, study: Step, plan: Step, bodies: int = 1, kind: str = "unit") -> Row:
    return Row(key=7, label=label, kind=kind, bodies=bodies, steps={"study": study, "plan": plan})


def test_a_row_shows_shares_counts_and_marks_what_is_past_due() -> None:
    row = _row(
        "Phường Bến Thành",
        bodies=3545,
        study=Step(required=12, on_time=10, late=1, overdue=1),
        plan=Step(required=0),
    )
    with translation.override("vi"):
        html = rows_html([(row, "/chi-thi/1/?unit=7&on=01/06/2026")])
    assert '<a href="/chi-thi/1/?unit=7&amp;on=01/06/2026">Phường Bến Thành</a>' in html
    assert ">3.545</td>" in html  # dots group thousands
    assert ">11/12</td>" in html  # done (on time and late) of required
    assert html.count('class="num overdue"') == 1  # the study's past-due count, not the plan's
    assert ">—</td>" in html  # no plan asked of it
    assert '<td class="num overdue" data-label="Quá hạn, chưa tổ chức">1</td>' in html


def test_names_are_escaped_and_a_row_without_a_link_is_plain_text() -> None:
    row = _row('<script>alert("x")</script>', study=Step(), plan=Step(), kind="body")
    html = rows_html([(row, "")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<a " not in html


def test_each_figure_carries_its_columns_name_in_vietnamese() -> None:
    row = _row("Xã A", study=Step(required=1), plan=Step(required=1))
    with translation.override("vi"):
        html = rows_html([(row, "")])
    assert html.count("data-label=") == 7
    assert 'data-label="Cơ quan"' in html
    assert 'data-label="Bodies"' not in html and 'data-label="Study sessions"' not in html
