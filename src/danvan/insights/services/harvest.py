"""Reading new texts into the analysis (decision 0029): each source read from where the last
run stopped (`HarvestCursor`), in batches, one transaction a batch, so that a run stopped
half-way loses nothing and a second run copies nothing twice (`Text` is unique on source and
record). A matter changes after it is read (its kind once classified, its body when
forwarded): `sync_cases` brings those changes over.

Sources: citizen matters (title and content), survey comments (free-text answers), comments
on drafts (published ones: a comment hidden by moderation is often hidden for the personal
data it holds), questions at dialogues, the narratives of submitted periodic reports, and the
issues of situation reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from danvan.lib.dates import day_start, week_start
from danvan.org.models import AdminUnit, Organization

from ..language import segment, sensitive
from ..models import HarvestCursor, Text, TextSource

BATCH = 1000
MAX_CHARS = 4000  # what is kept of a long text: the analysis reads its opening


@dataclass(frozen=True)
class Row:
    source_id: int
    content: str
    occurred_at: dt.datetime
    unit_id: int | None = None
    province_id: int | None = None
    organization_id: int | None = None
    case_kind: str = ""
    restricted: bool = False
    field_id: int | None = None


# Reads at most `limit` records after the cursor: the rows, and the cursor to keep.
Reader = Callable[[int, int], tuple[list[Row], int]]


def _join(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _read_cases(after: int, limit: int) -> list[Row]:
    from danvan.cases.models import Case, CaseKind

    rows = (
        Case.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list(
            "pk", "title", "content", "received_at", "unit_id", "province_id",
            "organization_id", "kind", "declared_kind", "field_id",
        )[:limit]
    )  # fmt: skip
    return [
        Row(
            source_id=pk,
            content=_join(title, content),
            occurred_at=received,
            unit_id=unit,
            province_id=province,
            organization_id=org,
            case_kind=kind,
            restricted=CaseKind.DENUNCIATION in (kind, declared),
            field_id=field,
        )
        for pk, title, content, received, unit, province, org, kind, declared, field in rows
    ]


def _read_answers(after: int, limit: int) -> list[Row]:
    from danvan.surveys.models import Answer

    rows = (
        Answer.objects.filter(pk__gt=after)
        .exclude(text="")
        .order_by("pk")
        .values_list("pk", "text", "response__submitted_at", "response__body_id")[:limit]
    )
    return [
        Row(source_id=pk, content=t, occurred_at=at, organization_id=b) for pk, t, at, b in rows
    ]


def _read_comments(after: int, limit: int) -> list[Row]:
    from danvan.participation.models import Comment
    from danvan.participation.models.consultations import CommentState

    rows = (
        Comment.objects.filter(pk__gt=after, state=CommentState.PUBLISHED)
        .order_by("pk")
        .values_list("pk", "proposed_wording", "reasons", "submitted_at", "consultation__body_id")[
            :limit
        ]
    )
    return [
        Row(source_id=pk, content=_join(reasons, wording), occurred_at=at, organization_id=body)
        for pk, wording, reasons, at, body in rows
    ]


def _read_questions(after: int, limit: int) -> list[Row]:
    from danvan.participation.models import MeetingQuestion

    rows = (
        MeetingQuestion.objects.filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "text", "raised_at", "meeting__unit_id", "meeting__host_id")[:limit]
    )
    return [
        Row(source_id=pk, content=t, occurred_at=at, unit_id=unit, organization_id=host)
        for pk, t, at, unit, host in rows
    ]


def _report_day(day: dt.date) -> dt.datetime:
    """A report speaks of its period: its texts count in the week its period ends."""
    return day_start(day) + dt.timedelta(hours=12)


def _sent_reports(after: int, limit: int) -> tuple[list[int], int]:
    """The reports sent (or sent again) after the version `after`, and the last version read:
    a cursor on the rows' own ids would miss a report written before and sent after others."""
    from danvan.reports.selectors_situation import submissions_after

    sendings = submissions_after(after, limit)
    if not sendings:
        return [], after
    return sorted({report for _version, report in sendings}), sendings[-1][0]


def _read_narratives(after: int, limit: int) -> tuple[list[Row], int]:
    from danvan.reports.selectors_situation import texts_of

    reports, last = _sent_reports(after, limit)
    rows = (
        [
            Row(
                source_id=t.id,
                content=t.text,
                occurred_at=_report_day(t.period_ends_on),
                unit_id=t.unit_id,
                province_id=t.province_id,
                organization_id=t.body_id,
            )
            for t in texts_of(reports)
        ]
        if reports
        else []
    )
    return rows, last


def _read_situation(after: int, limit: int) -> tuple[list[Row], int]:
    from danvan.reports.selectors_situation import issues_of

    reports, last = _sent_reports(after, limit)
    rows = [
        Row(
            source_id=i.id,
            content=_join(i.topic, i.details),
            occurred_at=_report_day(i.period_ends_on),
            unit_id=i.place_id or i.unit_id,
            province_id=i.province_id,
            organization_id=i.body_id,
        )
        for i in (issues_of(reports) if reports else [])
        # A consolidated copy repeats an issue raised below: counted once, where it was raised.
        if i.origin_id is None
    ]
    return rows, last


def _by_id(read: Callable[[int, int], list[Row]]) -> Reader:
    def reader(after: int, limit: int) -> tuple[list[Row], int]:
        rows = read(after, limit)
        return rows, (rows[-1].source_id if rows else after)

    return reader


READERS: dict[str, Reader] = {
    TextSource.CASE: _by_id(_read_cases),
    TextSource.SURVEY_ANSWER: _by_id(_read_answers),
    TextSource.CONSULTATION_COMMENT: _by_id(_read_comments),
    TextSource.MEETING_QUESTION: _by_id(_read_questions),
    TextSource.REPORT_NARRATIVE: _read_narratives,
    TextSource.SITUATION_ISSUE: _read_situation,
}


def _places(
    rows: Iterable[Row],
) -> tuple[dict[int, tuple[int | None, int | None]], dict[int, int | None]]:
    """Each body's current unit and province, and each unit's current province."""
    orgs = {r.organization_id for r in rows if r.organization_id}
    units = {r.unit_id for r in rows if r.unit_id}
    body_place: dict[int, tuple[int | None, int | None]] = {
        pk: (unit, province)
        for pk, unit, province in Organization.objects.filter(pk__in=orgs).values_list(
            "pk", "current_unit_id", "province_id"
        )
    }
    unit_province: dict[int, int | None] = {}
    for pk, province, current_province in AdminUnit.objects.filter(pk__in=units).values_list(
        "pk", "province_id", "current__province_id"
    ):
        unit_province[pk] = current_province or province
    return body_place, unit_province


def _texts(source: str, rows: list[Row]) -> list[Text]:
    body_place, unit_province = _places(rows)
    texts = []
    for r in rows:
        unit_id = r.unit_id
        province_id = r.province_id
        if r.organization_id and (unit_id is None or province_id is None):
            body_unit, body_province = body_place.get(r.organization_id, (None, None))
            unit_id = unit_id or body_unit
            province_id = province_id or body_province
        if province_id is None and unit_id is not None:
            province_id = unit_province.get(unit_id)
        content = r.content[:MAX_CHARS]
        words = segment.analysed(content)
        texts.append(
            Text(
                source=source,
                source_id=r.source_id,
                case_kind=r.case_kind,
                restricted=r.restricted,
                sensitive=sensitive.is_sensitive(words),
                unit_id=unit_id,
                province_id=province_id,
                organization_id=r.organization_id,
                occurred_at=r.occurred_at,
                week=week_start(r.occurred_at),
                content=content,
                words=words,
                field_id_hint=r.field_id,
            )
        )
    return texts


def _batches(source: str, limit: int | None) -> Iterator[int]:
    """Copies one batch at a time; yields how many texts each batch added."""
    reader = READERS[source]
    done = 0
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        with transaction.atomic():
            cursor, _ = HarvestCursor.objects.select_for_update().get_or_create(source=source)
            rows, last = reader(cursor.last_id, size)
            moved = last != cursor.last_id
            created = (
                Text.objects.bulk_create(_texts(source, rows), ignore_conflicts=True)
                if rows
                else []
            )
            cursor.last_id = last
            cursor.harvested_at = timezone.now()
            cursor.save(update_fields=["last_id", "harvested_at"])
        if not moved:
            return
        done += max(len(rows), 1)
        yield len(created)


def harvest(
    *,
    sources: Iterable[str] | None = None,
    limit: int | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Copy the texts written since the last run; returns how many were read per source."""
    counts: dict[str, int] = {}
    for source in sources or READERS:
        total = 0
        for added in _batches(source, limit):
            total += added
            if progress is not None:
                progress(source, total)
        counts[source] = total
    if TextSource.CASE in counts:
        sync_cases()
    return counts


def sync_cases(*, since: dt.datetime | None = None) -> int:
    """Bring matters' later changes (kind once classified, handling body, place) to their
    texts: those changed since the previous sync, or `since`."""
    from danvan.cases.models import Case, CaseKind

    with transaction.atomic():
        mark, _ = HarvestCursor.objects.select_for_update().get_or_create(
            source="case_sync"  # a cursor of its own: the time of the last sync
        )
        started = timezone.now()
        since = since or mark.harvested_at
        changed = Case.objects.filter(pk__lte=_case_cursor())
        if since is not None:
            changed = changed.filter(updated_at__gte=since)
        updated = 0
        fields = ["case_kind", "restricted", "organization", "province", "unit", "field_id_hint"]
        rows = changed.values_list(
            "pk", "kind", "declared_kind", "organization_id", "province_id", "unit_id", "field_id"
        ).iterator(BATCH)
        batch: dict[int, tuple[str, bool, int | None, int | None, int | None, int | None]] = {}
        for pk, kind, declared, org, province, unit, field in rows:
            batch[pk] = (
                kind,
                CaseKind.DENUNCIATION in (kind, declared),
                org,
                province,
                unit,
                field,
            )
            if len(batch) >= BATCH:
                updated += _apply(batch, fields)
                batch = {}
        updated += _apply(batch, fields)
        mark.harvested_at = started
        mark.save(update_fields=["harvested_at"])
    return updated


def _case_cursor() -> int:
    cursor = HarvestCursor.objects.filter(source=TextSource.CASE).first()
    return cursor.last_id if cursor else 0


def _apply(batch: dict[int, tuple[Any, ...]], fields: list[str]) -> int:
    if not batch:
        return 0
    texts = list(Text.objects.filter(source=TextSource.CASE, source_id__in=batch))
    for t in texts:
        kind, restricted, org, province, unit, field = batch[t.source_id]
        t.case_kind, t.restricted, t.organization_id = kind, restricted, org
        t.province_id, t.unit_id, t.field_id_hint = province, unit, field
    Text.objects.bulk_update(texts, fields)
    return len(texts)
