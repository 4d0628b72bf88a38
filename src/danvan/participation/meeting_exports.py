"""Meetings and commitments out of the platform:

- .xlsx of commitments (lib.spreadsheets: formulas escaped, streamed to a temporary file),
  dates as real dates;
- .docx of a meeting's results in the host body's layout (org.letterhead.headed): what was
  raised, what was answered, what was promised by whom and by when — a draft for the
  officers to edit into the published report, written in Vietnamese as such reports are.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.shared import Cm

from danvan.lib import documents as layout
from danvan.lib.dates import format_vn_date, today
from danvan.lib.numbers import format_vn_number
from danvan.lib.spreadsheets import Column, Kind, xlsx_file
from danvan.org.letterhead import headed

from .models import Commitment, Meeting, QuestionOutcome
from .selectors.meetings import state_label


def commitments_xlsx(commitments: Iterable[Commitment]) -> IO[bytes]:
    header = [
        Column(pgettext("row number", "No."), Kind.PLAIN),
        Column(_("Commitment")),
        Column(_("Body responsible")),
        Column(_("Due on"), Kind.DATE),
        Column(_("State")),
        Column(_("Done on"), Kind.DATE),
        Column(_("What was done")),
        Column(_("Meeting")),
        Column(_("Meeting day"), Kind.DATE),
    ]
    day = today()
    rows = (
        [
            n,
            c.text,
            c.owner.name,
            c.due_on,
            state_label(c, day),
            c.done_on,
            c.evidence or c.dropped_reason,
            c.meeting.title,
            timezone.localdate(c.meeting.starts_at),
        ]
        for n, c in enumerate(commitments, 1)
    )
    return xlsx_file(_("Commitments"), header, rows)


def meeting_docx(meeting: Meeting) -> IO[bytes]:
    document, system = headed(meeting.host)
    day = timezone.localdate(meeting.starts_at)
    layout.title(
        document,
        system,
        "Báo cáo",
        f"Kết quả {meeting.get_kind_display().lower()} ngày {format_vn_date(day)}",
    )
    layout.body_paragraph(document, meeting.title, bold=True)
    facts = [f"Thời gian: {timezone.localtime(meeting.starts_at):%H:%M} ngày {format_vn_date(day)}"]
    facts.append(f"Địa điểm: {meeting.place}")
    if meeting.chaired_by:
        facts.append(f"Chủ trì: {meeting.chaired_by}")
    if meeting.attendance is not None:
        facts.append(f"Số người tham dự: {format_vn_number(meeting.attendance)}")
    for line in facts:
        layout.body_paragraph(document, f"- {line}.")
    if meeting.results or meeting.minutes:
        layout.body_paragraph(document, "I. KẾT QUẢ", bold=True)
        for line in (meeting.results or meeting.minutes).splitlines():
            if line.strip():
                layout.body_paragraph(document, line.strip())
    questions = list(meeting.questions.select_related("case", "commitment__owner"))
    if questions:
        layout.body_paragraph(
            document, "II. Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN VÀ VIỆC GIẢI QUYẾT", bold=True
        )
        rows = []
        for n, q in enumerate(questions, 1):
            if q.outcome == QuestionOutcome.ANSWERED:
                handled = q.answer
            elif q.outcome == QuestionOutcome.COMMITTED and hasattr(q, "commitment"):
                c = q.commitment
                handled = f"{c.owner.name} cam kết: {c.text} (hạn {format_vn_date(c.due_on)})"
            elif q.outcome == QuestionOutcome.MATTER and q.case is not None:
                handled = f"Chuyển thành vụ việc {q.case.tracking_code}"
            elif q.outcome == QuestionOutcome.NOT_ADMITTED:
                handled = f"Không xem xét: {q.not_admitted_reason}"
            else:
                handled = "Đang xem xét"
            rows.append([str(n), q.asked_by or "—", q.text, handled])
        layout.grid(
            document,
            ["STT", "Người nêu", "Nội dung", "Trả lời, giải quyết"],
            rows,
            widths=[Cm(1.2), Cm(3.3), Cm(6), Cm(6)],
            numeric=[0],
        )
    standalone = list(meeting.commitments.filter(question__isnull=True).select_related("owner"))
    if standalone:
        layout.body_paragraph(document, "III. CÁC CAM KẾT KHÁC", bold=True)
        for c in standalone:
            layout.body_paragraph(
                document, f"- {c.owner.name}: {c.text} (hạn {format_vn_date(c.due_on)})."
            )
    return io.BytesIO(layout.to_bytes(document))
