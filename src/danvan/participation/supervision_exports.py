"""Supervision out of the platform:

- .xlsx of recommendations: one row per recommendation — programme, body addressed, what it
  asks, sent, due, state, days overdue, its responses (date: text) — streamed by lib.spreadsheets
  (formula escaping included), the responses read in chunks.
- .docx summary of a programme in the conducting body's layout (org.letterhead.headed): the
  plan, the delegations, the findings and the recommendations with their state, for the
  officers to edit into the report on the supervision.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.dates import format_vn_date, today
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import Column, Kind, xlsx_file
from danvan.org.letterhead import headed

from .models import (
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionProgramme,
)
from .selectors.supervision import programme_progress

CHUNK = 1000


def _rows(recs: QuerySet[Recommendation]) -> Iterator[list[object]]:
    ordered = recs.select_related("programme", "addressed_to").order_by("due_on", "pk")
    responses = Prefetch(
        "responses", queryset=RecommendationResponse.objects.order_by("responded_on", "pk")
    )
    day = today()
    for number, rec in enumerate(ordered.prefetch_related(responses).iterator(CHUNK), 1):
        late = (day - rec.due_on).days if rec.state == RecommendationState.SENT else 0
        answers = "\n".join(
            f"{format_vn_date(r.responded_on)}: {r.text}" for r in rec.responses.all()
        )
        yield [
            number,
            rec.programme.title,
            rec.addressed_to.name,
            rec.text,
            rec.sent_on,
            rec.due_on,
            str(rec.get_state_display()),
            max(late, 0) or None,
            answers or None,
            rec.closed_on,
        ]


def recommendations_xlsx(
    recs: QuerySet[Recommendation], *, title: str
) -> tempfile.SpooledTemporaryFile:
    header = [
        Column(pgettext("row number", "No."), Kind.PLAIN),
        Column(_("Programme")),
        Column(_("Addressed to")),
        Column(_("Recommendation")),
        Column(_("Sent on"), Kind.DATE),
        Column(_("Response due"), Kind.DATE),
        Column(_("State")),
        Column(_("Days overdue"), Kind.NUMBER),
        Column(_("Responses")),
        Column(_("Closed on"), Kind.DATE),
    ]
    return xlsx_file(
        _("Recommendations"),
        header,
        _rows(recs),
        preamble=[[title], [_("As of %(day)s") % {"day": format_vn_date(today())}]],
    )


def programme_docx(programme: SupervisionProgramme) -> bytes:
    """A programme's summary as a draft report in the conducting body's layout."""
    document, system = headed(programme.organizer)
    layout.title(
        document,
        system,
        _("Report"),
        _("Results of the supervision: %(title)s") % {"title": programme.title},
    )
    plan = programme.plan_number
    if programme.plan_date:
        plan = f"{plan} {_('of')} {format_vn_date(programme.plan_date)}".strip()
    layout.body_paragraph(
        document,
        _("Year %(year)s. Form: %(form)s. Plan: %(plan)s.")
        % {"year": programme.year, "form": programme.get_form_display(), "plan": plan or "—"},
        italic=True,
    )
    if programme.subject:
        layout.body_paragraph(document, programme.subject)

    layout.body_paragraph(document, _("1. Delegations"), bold=True)
    delegations = list(programme.delegations.prefetch_related("bodies"))
    if delegations:
        layout.grid(
            document,
            [_("Delegation"), _("Head"), _("Bodies supervised"), _("Schedule")],
            [
                [
                    d.name,
                    d.head_name or (d.head.get_full_name() if d.head else ""),
                    "; ".join(b.name for b in d.bodies.all()),
                    f"{format_vn_date(d.starts_on)} – {format_vn_date(d.ends_on)}",
                ]
                for d in delegations
            ],
            widths=[Cm(4), Cm(3.5), Cm(5), Cm(3.5)],
        )
    else:
        layout.body_paragraph(document, "—")

    layout.body_paragraph(document, _("2. Findings"), bold=True)
    for f in programme.findings.select_related("body"):
        layout.body_paragraph(document, f"- {f.body.name} ({format_vn_date(f.found_on)}): {f.text}")

    progress = programme_progress(programme)
    layout.body_paragraph(document, _("3. Recommendations and responses"), bold=True)
    layout.body_paragraph(
        document,
        _(
            "%(total)s recommendations: %(responded)s answered (%(done)s done, "
            "%(refused)s not accepted), %(waiting)s awaiting a response, of which "
            "%(overdue)s overdue."
        )
        % {
            "total": format_vn_number(progress.total),
            "responded": format_vn_number(progress.responded),
            "done": format_vn_number(progress.done),
            "refused": format_vn_number(progress.not_accepted),
            "waiting": format_vn_number(progress.sent),
            "overdue": format_vn_number(progress.overdue),
        },
    )
    recs = list(
        programme.recommendations.select_related("addressed_to")
        .prefetch_related("responses")
        .order_by("due_on", "pk")
    )
    if recs:
        layout.grid(
            document,
            [_("Addressed to"), _("Recommendation"), _("Due"), _("State"), _("Response")],
            [
                [
                    r.addressed_to.name,
                    r.text,
                    format_vn_date(r.due_on),
                    str(r.get_state_display()),
                    "; ".join(x.text for x in r.responses.all()) or "—",
                ]
                for r in recs
            ],
            widths=[Cm(3), Cm(5), Cm(2.2), Cm(2.3), Cm(4)],
            size=11,
        )
    return layout.to_bytes(document)
