"""The compliance matrix's rows written in Python: a province shows a row per body and per
commune (169 rows for Hồ Chí Minh City, 1,352 cells), and the template engine, resolving
`row.steps.study.done` and translating each cell's label again for every row, spent twice as
long on them as the database took to count them (decision 0023). The labels are translated
and escaped once; a row's own text (a body's or a commune's name, its link) is escaped."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from danvan.lib.numbers import format_vn_number

from .selectors.compliance import Row, Step


def _labels() -> tuple[str, ...]:
    return tuple(
        escape(label)
        for label in (
            _("Bodies"),
            _("Study sessions"),
            _("of which late"),
            _("Past due, not held"),
            _("Plans issued"),
            _("of which late"),
            _("Past due, not issued"),
        )
    )


def _share(step: Step) -> str:
    if not step.required:
        return "—"
    return f"{format_vn_number(step.done)}/{format_vn_number(step.required)}"


def _cells(row: Row) -> list[tuple[str, bool]]:
    """A row's seven figures, each with whether it is a past-due count above zero."""
    study, plan = row.steps["study"], row.steps["plan"]
    return [
        (format_vn_number(row.bodies), False),
        (_share(study), False),
        (format_vn_number(study.late), False),
        (format_vn_number(study.overdue), study.overdue > 0),
        (_share(plan), False),
        (format_vn_number(plan.late), False),
        (format_vn_number(plan.overdue), plan.overdue > 0),
    ]


def rows_html(rows: Iterable[tuple[Row, str]]) -> SafeString:
    """The table body: a header cell per row (linked where the row opens a level down), then
    its figures, each with its column's name for the stacked layout on a phone."""
    labels = _labels()
    out: list[str] = []
    for row, link in rows:
        name = escape(row.label)
        head = f'<a href="{escape(link)}">{name}</a>' if link else name
        cells = "".join(
            f'<td class="num{" overdue" if alert else ""}" data-label="{label}">{value}</td>'
            for label, (value, alert) in zip(labels, _cells(row), strict=True)
        )
        out.append(f'<tr><th scope="row">{head}</th>{cells}</tr>')
    # Every piece above is escaped or is a number written here.
    return mark_safe("".join(out))  # noqa: S308
