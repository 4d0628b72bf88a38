"""Consultations, read: the statistics per article (comments on an article's clauses and
points count for the article), and the synthesis rows in the draft's order."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from ..models import Comment, CommentState, Consultation, DraftPart, PartKind, Stance


@dataclass
class PartStats:
    part: DraftPart | None  # None: the draft as a whole
    label: str
    comments: int = 0
    agree: int = 0
    disagree: int = 0
    other: int = 0
    answered: int = 0
    hidden: int = 0

    @property
    def unanswered(self) -> int:
        return self.comments - self.answered


@dataclass
class Stats:
    rows: list[PartStats]
    total: PartStats = field(default_factory=lambda: PartStats(None, ""))


def part_stats(consultation: Consultation, *, whole_label: str) -> Stats:
    """One row per article (and per chapter or section commented on itself), plus the
    draft as a whole: published comments by opinion, how many answered, how many hidden.
    Two queries: the parts, and the comments grouped by part and state."""
    parts = list(consultation.parts.order_by("position"))
    by_pk = {p.pk: p for p in parts}
    grouped = (
        consultation.comments.values("part_id", "state")
        .annotate(
            n=Count("pk"),
            agree=Count("pk", filter=Q(stance=Stance.AGREE)),
            disagree=Count("pk", filter=Q(stance=Stance.DISAGREE)),
            other=Count("pk", filter=Q(stance=Stance.OTHER)),
            answered=Count("pk", filter=Q(answer__isnull=False)),
        )
        .order_by()
    )
    rows: dict[int | None, PartStats] = {
        p.pk: PartStats(p, p.label) for p in parts if p.kind == PartKind.ARTICLE
    }
    total = PartStats(None, "")
    for g in grouped:
        part = by_pk.get(g["part_id"]) if g["part_id"] else None
        home = part.article_id or part.pk if part is not None else None
        row = rows.get(home)
        if row is None:
            owner = by_pk.get(home) if home else None
            row = rows[home] = PartStats(owner, owner.label if owner else whole_label)
        for target in (row, total):
            if g["state"] == CommentState.HIDDEN:
                target.hidden += g["n"]
                continue
            target.comments += g["n"]
            target.agree += g["agree"]
            target.disagree += g["disagree"]
            target.other += g["other"]
            target.answered += g["answered"]
    ordered = sorted(rows.values(), key=lambda r: -1 if r.part is None else r.part.position)
    return Stats(rows=ordered, total=total)


def synthesis_comments(consultation: Consultation) -> QuerySet[Comment]:
    """The published comments with their answers, in the draft's order (the draft as a
    whole first), then as they came: what the synthesis lists."""
    return (
        consultation.comments.filter(state=CommentState.PUBLISHED)
        .select_related("part__article", "organization", "answer")
        .order_by(F("part__position").asc(nulls_first=True), "submitted_at", "pk")
    )


def comments_of_article(consultation: Consultation, part: DraftPart | None) -> QuerySet[Comment]:
    """The comments on an article and on its clauses and points (on the draft as a whole
    when `part` is None), every state, with what the moderation page shows."""
    qs = consultation.comments.select_related(
        "part__article", "organization", "answer", "hidden_by"
    )
    if part is None:
        qs = qs.filter(part__isnull=True)
    elif part.kind == PartKind.ARTICLE:
        qs = qs.filter(Q(part=part) | Q(part__article=part))
    else:
        qs = qs.filter(part=part)
    return qs.order_by(F("part__position").asc(nulls_first=True), "submitted_at", "pk")


def part_label(comment: Comment, whole_label: str) -> str:
    """ "Article 3, clause 2" as the synthesis names the place commented on."""
    part = comment.part
    if part is None:
        return whole_label
    if part.kind in (PartKind.CLAUSE, PartKind.POINT) and part.article_id:
        article = part.article
        if article is not None:
            return f"{part.label}, {article.label}"
    return part.label
