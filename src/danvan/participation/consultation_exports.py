"""A consultation's comments out of the platform, with no personal data in any of them
(no e-mail address, no account; a citizen is named by the name they chose to show):

- the synthesis ("Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý") as .docx in the drafting
  body's layout and as .xlsx, in its customary columns: No. | Article, clause | Comment by
  (organization / person) | What the comment says | Acceptance or explanation;
- every comment raw (.xlsx, hidden ones with the reason) for the staff.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.dates import format_vn_date, today
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import Column, Kind, XlsxWriter, xlsx_file
from danvan.org.letterhead import headed

from .models import Comment, Consultation
from .selectors.consultations import part_label, synthesis_comments

# The customary legal title of the table (no official form found: decision 0026).
SYNTHESIS_TITLE = "Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý"


def whole_draft() -> str:
    return _("The draft as a whole")


def headers() -> list[str]:
    return [
        pgettext("row number", "No."),
        _("Article, clause"),
        _("Comment by (organization / person)"),
        _("What the comment says"),
        _("Acceptance or explanation"),
    ]


def comment_content(comment: Comment) -> str:
    lines = [comment.get_stance_display()]
    if comment.proposed_wording:
        lines.append(_("Proposed wording: %(t)s") % {"t": comment.proposed_wording})
    if comment.reasons:
        lines.append(_("Reasons: %(t)s") % {"t": comment.reasons})
    return "\n".join(lines)


def answer_content(comment: Comment) -> str:
    answer = getattr(comment, "answer", None)
    if answer is None:
        return _("Not answered yet")
    return f"{answer.get_outcome_display()}: {answer.text}"


def synthesis_rows(consultation: Consultation) -> Iterator[list[str]]:
    whole = whole_draft()
    for number, comment in enumerate(synthesis_comments(consultation), 1):
        yield [
            str(number),
            part_label(comment, whole),
            comment.author_shown,
            comment_content(comment),
            answer_content(comment),
        ]


def _excerpt(consultation: Consultation) -> str:
    return _("on the draft %(title)s") % {"title": consultation.title}


def synthesis_docx(consultation: Consultation) -> bytes:
    document, system = headed(consultation.body, day=today())
    layout.title(document, system, SYNTHESIS_TITLE, _excerpt(consultation))
    rows = list(synthesis_rows(consultation))
    layout.body_paragraph(
        document,
        _("Open for comments from %(start)s to %(end)s; %(n)s comments.")
        % {
            "start": format_vn_date(consultation.opens_on),
            "end": format_vn_date(consultation.closes_on),
            "n": format_vn_number(len(rows)),
        },
        italic=True,
    )
    layout.grid(
        document,
        headers(),
        rows,
        widths=[Cm(1.1), Cm(2.4), Cm(3.0), Cm(5.0), Cm(5.0)],
        numeric=[0],
        size=11,
    )
    return layout.to_bytes(document)


def synthesis_xlsx(consultation: Consultation) -> tempfile.SpooledTemporaryFile:
    header = [
        Column(headers()[0], Kind.PLAIN),
        *[Column(h) for h in headers()[1:]],
    ]
    rows = ([int(r[0]), *r[1:]] for r in synthesis_rows(consultation))
    return xlsx_file(
        _("Synthesis"),
        header,
        rows,
        preamble=[[SYNTHESIS_TITLE], [consultation.title], [consultation.body.name]],
    )


def comments_xlsx(consultation: Consultation) -> tempfile.SpooledTemporaryFile:
    """Every comment, hidden ones too, for the drafting body's staff (no personal data)."""
    header = [
        Column(pgettext("row number", "No."), Kind.PLAIN),
        Column(_("Submitted at"), Kind.DATETIME),
        Column(_("Article, clause")),
        Column(_("Opinion")),
        Column(_("Proposed wording")),
        Column(_("Reasons")),
        Column(_("Author")),
        Column(_("Name shown")),
        Column(_("State")),
        Column(_("Reason for hiding")),
        Column(_("Answer")),
        Column(_("Acceptance or explanation")),
        Column(_("Answered at"), Kind.DATETIME),
    ]
    whole = whole_draft()
    comments = (
        consultation.comments.select_related("part__article", "organization", "answer")
        .order_by(F("part__position").asc(nulls_first=True), "submitted_at", "pk")
        .iterator(chunk_size=1000)
    )

    def rows() -> Iterator[list[object]]:
        for number, c in enumerate(comments, 1):
            answer = getattr(c, "answer", None)
            yield [
                number,
                c.submitted_at,
                part_label(c, whole),
                c.get_stance_display(),
                c.proposed_wording,
                c.reasons,
                c.get_author_kind_display(),
                c.author_shown,
                c.get_state_display(),
                c.hidden_reason,
                answer.get_outcome_display() if answer else "",
                answer.text if answer else "",
                answer.answered_at if answer else None,
            ]

    book = XlsxWriter()
    book.table(
        _("Comments"), header, rows(), preamble=[[consultation.title], [consultation.body.name]]
    )
    return book.spooled()
