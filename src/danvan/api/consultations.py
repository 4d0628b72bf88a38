"""Comments on drafts (consultations) over HTTP.

Public, with no account: the drafts open for comments, closed or with their synthesis
published; a draft by its id with its parts and how many comments each has; the e-mail
verification of a citizen without an account (a code sent, then typed back), and a comment
sent on a part or on the whole draft (limited per address, as the public pages; the same
`key` sent twice keeps one comment); the synthesis with the drafting body's answers, once
published.

Who comments is the public form's rule: a citizen signed in (here: calling with their API
token; a browser session never comments through the API, as for citizen matters), an
officer for their own body, or a citizen whose e-mail address was verified. The
verification is returned as a signed token (`check`) in place of the page's session.

Staff: the consultations the caller reads, one with its statistics per article, its
comments (hidden ones too, with the reason), answering a comment and hiding or showing one.
Who sees and does what is decided by `danvan.participation.access_consultations` and the
services only: a record the caller may not read is answered 404, as if it did not exist;
one the caller reads but may not change, 403.

A commenter is shown as the pages show them, by the name they chose (an organization by its
name); no e-mail address, account or other identity is ever returned.
"""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from typing import Any

from allauth.core import ratelimit
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import Throttled
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.org.models import Organization
from danvan.participation import access_consultations as access
from danvan.participation import consultation_exports as exports
from danvan.participation.models import (
    Comment,
    CommentAnswer,
    CommentState,
    Consultation,
    ContactCheck,
    DraftPart,
)
from danvan.participation.selectors.consultations import (
    PartStats,
    comments_of_article,
    part_label,
    part_stats,
    synthesis_comments,
)
from danvan.participation.services import consultations as services

from .auth import AUTHENTICATED, OPTIONAL_TOKEN, staff_user
from .errors import refused
from .pagination import Page
from .schemas import ErrorOut, Id
from .schemas.consultations import (
    CodeIn,
    CodeSentOut,
    CommentAnswerIn,
    CommentFilters,
    CommentIn,
    CommentSentOut,
    ConsultationDetailOut,
    ConsultationFilters,
    ConsultationOut,
    HideIn,
    PublicConsultationDetailOut,
    PublicConsultationFilters,
    PublicConsultationOut,
    StaffCommentOut,
    SynthesisRowOut,
    VerifiedOut,
    VerifyIn,
)

router = Router(tags=["consultations"])

# The verification handed to the client in place of the public page's session: signed, so
# that nobody comments under an address they did not verify by guessing its row's id.
CHECK_SALT = "danvan.api.consultations.check"
CHECK_HOURS = 24


# --- Helpers ----------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return staff_user(request, "participation.view_consultation")


def _json(body: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class _Rows:
    """A queryset the paginator counts and slices, each row of the page made a dict by `row`."""

    def __init__(self, queryset: QuerySet[Any], row: Any) -> None:
        self.queryset, self.row = queryset, row

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.row(item) for item in self.queryset[window]]


def _check_token(check: ContactCheck) -> str:
    return signing.dumps({"c": check.consultation_id, "k": check.pk}, salt=CHECK_SALT)


def _check_from(token: str, consultation: Consultation) -> ContactCheck:
    """The verification a client holds, or a refusal on "check"."""
    try:
        found = signing.loads(token, salt=CHECK_SALT, max_age=dt.timedelta(hours=CHECK_HOURS))
    except signing.SignatureExpired:
        raise ValidationError({"check": _("This code has expired: ask for a new one.")}) from None
    except signing.BadSignature:
        found = None
    check = None
    if isinstance(found, dict) and found.get("c") == consultation.pk:
        pk = found.get("k")
        if isinstance(pk, int):
            check = ContactCheck.objects.filter(pk=pk, consultation=consultation).first()
    if check is None:
        raise ValidationError({"check": _("Ask for a code first.")})
    return check


def _answer(comment: Comment) -> dict[str, Any] | None:
    answer: CommentAnswer | None = getattr(comment, "answer", None)
    if answer is None:
        return None
    return {"outcome": answer.outcome, "text": answer.text, "answered_at": answer.answered_at}


def _public(c: Consultation, day: dt.date) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "document_kind": c.document_kind,
        "document_number": c.document_number,
        "summary": c.summary,
        "body": c.body,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "state": c.state,
        "accepting": services.is_accepting(c, day),
        "citizens_may_comment": c.citizens_may_comment,
        "organizations_may_comment": c.organizations_may_comment,
        "comments": getattr(c, "shown", 0),
        "published_at": c.published_at,
    }


def _shown(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return consultations.annotate(
        shown=Count("comments", filter=Q(comments__state=CommentState.PUBLISHED))
    )


def _parts(c: Consultation) -> tuple[list[dict[str, Any]], int, int]:
    """The draft's parts in order, each with the comments shown on it (an article's with its
    clauses' and points'); those on the draft as a whole; all those shown. Two queries."""
    grouped = (
        access.public_comments(c)
        .values("part_id", "part__article_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, int] = {}
    whole = total = 0
    for g in grouped:
        total += g["n"]
        part, article = g["part_id"], g["part__article_id"]
        if part is None:
            whole += g["n"]
            continue
        counts[part] = counts.get(part, 0) + g["n"]
        if article and article != part:
            counts[article] = counts.get(article, 0) + g["n"]
    parts = [_part(p, counts.get(p.pk, 0)) for p in c.parts.order_by("position")]
    return parts, whole, total


def _part(part: DraftPart, comments: int) -> dict[str, Any]:
    return {
        "id": part.pk,
        "kind": part.kind,
        "number": part.number,
        "label": part.label,
        "heading": part.heading,
        "text": part.text,
        "position": part.position,
        "parent_id": part.parent_id,
        "article_id": part.article_id,
        "comments": comments,
    }


def _public_consultation(consultation_id: int) -> Consultation:
    return access.public_consultation(consultation_id)


# --- Public: the drafts, a draft, verification, comments, the synthesis ------------------------


@router.get(
    "/public",
    response={200: list[PublicConsultationOut], 422: ErrorOut},
    summary="The drafts put up for the people's comments: open, closed (being answered) or "
    "with their synthesis published, latest first",
    operation_id="list_public_consultations",
)
@paginate(Page)
def public_list(request: HttpRequest, filters: Query[PublicConsultationFilters]) -> Any:
    day = today()
    consultations = _shown(access.public_consultations().select_related("body"))
    if filters.state:
        consultations = consultations.filter(state=filters.state)
    return _Rows(consultations.order_by("-opens_on", "-pk"), lambda c: _public(c, day))


@router.get(
    "/public/{consultation_id}",
    response={200: PublicConsultationDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="A public draft by its id: its chapters, articles, clauses and points in order, "
    "with how many comments are shown on each",
    operation_id="get_public_consultation",
)
def public_detail(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    c = _public_consultation(consultation_id)
    parts, whole, c.shown = _parts(c)  # type: ignore[attr-defined]
    return {**_public(c, today()), "whole_draft_comments": whole, "parts": parts}


@router.post(
    "/public/{consultation_id}/codes",
    response={
        201: CodeSentOut,
        400: ErrorOut,
        401: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="A citizen without an account: send a 6-digit code to their e-mail address",
    description=(
        "The code is good for 30 minutes and 5 tries: send it with the returned `check` to "
        "POST …/codes/verify. Only while the draft takes comments from citizens. Limited "
        "per address, as the public page."
    ),
    operation_id="send_consultation_code",
    auth=OPTIONAL_TOKEN,
)
def send_code(request: HttpRequest, consultation_id: Id, payload: CodeIn) -> JsonResponse:
    c = _public_consultation(consultation_id)
    if not ratelimit.consume(request, action="consultation_code"):
        raise Throttled(None)
    try:
        check = services.send_code(consultation=c, email=payload.email)
    except ValidationError as error:
        return refused(error)
    expires = check.sent_at + dt.timedelta(minutes=services.CODE_MINUTES)
    return _json({"check": _check_token(check), "expires_at": expires.isoformat()}, 201)


@router.post(
    "/public/{consultation_id}/codes/verify",
    response={200: VerifiedOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="A citizen without an account: type back the code sent by e-mail",
    description=(
        "Once verified, send `check` with each comment (for 24 hours). A wrong code counts "
        "as a try; after 5, or 30 minutes, ask for a new code."
    ),
    operation_id="verify_consultation_code",
    auth=OPTIONAL_TOKEN,
)
def verify_code(request: HttpRequest, consultation_id: Id, payload: VerifyIn) -> Any:
    c = _public_consultation(consultation_id)
    try:
        check = _check_from(payload.check, c)
        services.verify_code(check=check, code=payload.code)
    except ValidationError as error:
        return refused(error)
    return {"check": payload.check, "verified": True}


@router.post(
    "/public/{consultation_id}/comments",
    response={
        200: CommentSentOut,
        201: CommentSentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Comment on a part of a draft, or on the draft as a whole",
    description=(
        "By a citizen calling with their API token, an officer for their own body "
        "(`organization`, with a token), or a citizen whose e-mail address was verified "
        "(`check`); anyone else is refused (403). Taken while the draft is open and within its "
        "dates. Send the same `key` again: the comment first kept is returned (200). Limited "
        "per address, as the public page."
    ),
    operation_id="send_consultation_comment",
    auth=OPTIONAL_TOKEN,
)
def send_comment(request: HttpRequest, consultation_id: Id, payload: CommentIn) -> JsonResponse:
    c = _public_consultation(consultation_id)
    # Only a token speaks for an account: a browser session is never taken for one here.
    user = request.auth if isinstance(request.auth, User) else None  # type: ignore[attr-defined]
    check = None
    if user is None and payload.check:
        try:
            check = _check_from(payload.check, c)
        except ValidationError as error:
            return refused(error)
    if user is None and (check is None or check.verified_at is None):
        raise PermissionDenied(_("Sign in, or verify your e-mail address, to comment."))
    if not ratelimit.consume(request, action="consultation_comment"):
        raise Throttled(None)
    part = None
    if payload.part is not None:
        part = c.parts.filter(pk=payload.part).first()
        if part is None:
            return refused(ValidationError({"part": _("This part is not in the draft.")}))
    organization = None
    if payload.organization is not None:
        organization = Organization.objects.filter(pk=payload.organization).first()
        if organization is None:
            return refused(
                ValidationError({"organization": _("You do not comment for this body.")})
            )
    before = c.comments.filter(key=payload.key.strip()[:64]).exists()
    try:
        comment = services.submit_comment(
            consultation=c,
            part=part,
            stance=payload.stance,
            proposed_wording=payload.proposed_wording,
            reasons=payload.reasons,
            display_name=payload.display_name,
            key=payload.key,
            user=user,
            organization=organization,
            check=check,
        )
    except ValidationError as error:
        return refused(error)
    body = {
        "id": comment.pk,
        "part_id": comment.part_id,
        "state": comment.state,
        "submitted_at": comment.submitted_at.isoformat(),
        "created": not before,
    }
    return _json(body, 200 if before else 201)


def _synthesis_row(comment: Comment, whole: str) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "part_id": comment.part_id,
        "place": part_label(comment, whole),
        "author": comment.author_shown,
        "stance": comment.stance,
        "proposed_wording": comment.proposed_wording,
        "reasons": comment.reasons,
        "submitted_at": comment.submitted_at,
        "answer": _answer(comment),
    }


@router.get(
    "/public/{consultation_id}/synthesis",
    response={200: list[SynthesisRowOut], 404: ErrorOut, 422: ErrorOut},
    summary="The published synthesis: every comment shown, with the drafting body's answer, "
    "in the draft's order",
    description="Only once the drafting body has published it; before that, 404.",
    operation_id="get_consultation_synthesis",
)
@paginate(Page)
def synthesis(request: HttpRequest, consultation_id: Id) -> Any:
    c = access.public_synthesis(consultation_id)
    whole = exports.whole_draft()
    return _Rows(synthesis_comments(c), lambda comment: _synthesis_row(comment, whole))


# --- Staff -------------------------------------------------------------------------------------


def _counted(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    published = Q(comments__state=CommentState.PUBLISHED)
    return consultations.select_related("body").annotate(
        shown=Count("comments", filter=published),
        hidden=Count("comments", filter=Q(comments__state=CommentState.HIDDEN)),
        unanswered=Count("comments", filter=published & Q(comments__answer__isnull=True)),
    )


def _staff_consultation(c: Consultation, user: User, day: dt.date) -> dict[str, Any]:
    return {
        **_public(c, day),
        "opened_at": c.opened_at,
        "closed_at": c.closed_at,
        "created_at": c.created_at,
        "hidden": getattr(c, "hidden", 0),
        "unanswered": getattr(c, "unanswered", 0),
        "may_manage": access.may_manage(user, c),
    }


def _readable(user: User, consultation_id: int) -> Consultation:
    try:
        return access.consultation_for(user, consultation_id)
    except PermissionDenied:
        # The API does not say whether a consultation out of the caller's reach exists.
        raise Http404 from None


def _stats_row(row: PartStats) -> dict[str, Any]:
    return {
        "part_id": row.part.pk if row.part is not None else None,
        "label": row.label,
        "comments": row.comments,
        "agree": row.agree,
        "disagree": row.disagree,
        "other": row.other,
        "answered": row.answered,
        "unanswered": row.unanswered,
        "hidden": row.hidden,
    }


@router.get(
    "",
    response={200: list[ConsultationOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="The consultations the caller reads (their bodies' and those under them), drafts "
    "being prepared included, latest first",
    operation_id="list_consultations",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_consultations(request: HttpRequest, filters: Query[ConsultationFilters]) -> Any:
    user = _staff(request)
    day = today()
    consultations = access.consultations_for(user)
    if filters.state:
        consultations = consultations.filter(state=filters.state)
    if filters.body:
        consultations = consultations.filter(body_id=filters.body)
    return _Rows(
        _counted(consultations).order_by("-opens_on", "-pk"),
        lambda c: _staff_consultation(c, user, day),
    )


@router.get(
    "/{consultation_id}",
    response={
        200: ConsultationDetailOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="One consultation with its parts and its statistics per article (comments on an "
    "article's clauses and points count for the article; hidden ones apart)",
    operation_id="get_consultation",
    auth=AUTHENTICATED,
)
def get_consultation(request: HttpRequest, consultation_id: Id) -> dict[str, Any]:
    user = _staff(request)
    c = _counted(Consultation.objects.filter(pk=_readable(user, consultation_id).pk)).get()
    parts, whole, _shown_too = _parts(c)
    stats = part_stats(c, whole_label=exports.whole_draft())
    total = _stats_row(stats.total)
    total["label"] = _("Total")
    return {
        **_staff_consultation(c, user, today()),
        "parts": parts,
        "whole_draft_comments": whole,
        "statistics": [_stats_row(row) for row in stats.rows],
        "total": total,
    }


def _staff_comment(comment: Comment, whole: str) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "part_id": comment.part_id,
        "place": part_label(comment, whole),
        "author": comment.author_shown,
        "author_kind": comment.author_kind,
        "stance": comment.stance,
        "proposed_wording": comment.proposed_wording,
        "reasons": comment.reasons,
        "submitted_at": comment.submitted_at,
        "state": comment.state,
        "hidden_reason": comment.hidden_reason,
        "hidden_at": comment.hidden_at,
        "answer": _answer(comment),
    }


@router.get(
    "/{consultation_id}/comments",
    response={
        200: list[StaffCommentOut],
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Every comment of a consultation, hidden ones too with the reason, each with its "
    "answer, in the draft's order",
    operation_id="list_consultation_comments",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_comments(request: HttpRequest, consultation_id: Id, filters: Query[CommentFilters]) -> Any:
    user = _staff(request)
    c = _readable(user, consultation_id)
    if filters.whole:
        comments = comments_of_article(c, None)
    elif filters.part is not None:
        part = c.parts.filter(pk=filters.part).first()
        comments = comments_of_article(c, part) if part is not None else c.comments.none()
    else:
        comments = c.comments.select_related("part__article", "organization", "answer").order_by(
            F("part__position").asc(nulls_first=True), "submitted_at", "pk"
        )
    if filters.state:
        comments = comments.filter(state=filters.state)
    if filters.answered is not None:
        comments = comments.filter(answer__isnull=not filters.answered)
    whole = exports.whole_draft()
    return _Rows(comments, lambda comment: _staff_comment(comment, whole))


def _comment_to_change(user: User, consultation_id: int, comment_id: int) -> Comment:
    """The comment, for its drafting body; 403 to staff who read it but may not change it,
    404 to others and for a comment of another consultation."""
    try:
        comment = access.comment_for(user, comment_id, access.Action.MANAGE)
    except PermissionDenied:
        reads = access.comments_for(user).filter(pk=comment_id, consultation_id=consultation_id)
        if reads.exists():
            raise
        raise Http404 from None
    if comment.consultation_id != consultation_id:
        raise Http404
    return comment


def _changed(comment: Comment) -> dict[str, Any]:
    fresh = Comment.objects.select_related("part__article", "organization", "answer").get(
        pk=comment.pk
    )
    return _staff_comment(fresh, exports.whole_draft())


CHANGE_RESPONSES: dict[int, Any] = {
    200: StaffCommentOut,
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


@router.put(
    "/{consultation_id}/comments/{comment_id}/answer",
    response=CHANGE_RESPONSES,
    summary="Answer a comment (accepted, partly accepted or explained), or change the answer",
    description=(
        "By the drafting body's officers and leaders, until the synthesis is published; sent "
        "again, the answer is replaced. The public reads answers once the synthesis is "
        "published. A comment the caller does not read is answered 404; one they read but "
        "may not answer, 403."
    ),
    operation_id="answer_consultation_comment",
    auth=AUTHENTICATED,
)
def answer(
    request: HttpRequest, consultation_id: Id, comment_id: Id, payload: CommentAnswerIn
) -> Any:
    user = _staff(request)
    comment = _comment_to_change(user, consultation_id, comment_id)
    try:
        services.answer_comment(
            comment=comment, outcome=payload.outcome, text=payload.text, actor=user
        )
    except ValidationError as error:
        return refused(error)
    return _changed(comment)


@router.post(
    "/{consultation_id}/comments/{comment_id}/hide",
    response=CHANGE_RESPONSES,
    summary="Hide a comment from the public, with the reason its author reads",
    description=(
        "Hidden, never deleted: the drafting body's staff still read it, and it is left out "
        "of the synthesis. Sent again, the reason is replaced."
    ),
    operation_id="hide_consultation_comment",
    auth=AUTHENTICATED,
)
def hide(request: HttpRequest, consultation_id: Id, comment_id: Id, payload: HideIn) -> Any:
    user = _staff(request)
    comment = _comment_to_change(user, consultation_id, comment_id)
    try:
        services.hide_comment(comment=comment, reason=payload.reason, actor=user)
    except ValidationError as error:
        return refused(error)
    return _changed(comment)


@router.post(
    "/{consultation_id}/comments/{comment_id}/show",
    response=CHANGE_RESPONSES,
    summary="Show a hidden comment again",
    description="A comment already shown is returned as it is.",
    operation_id="show_consultation_comment",
    auth=AUTHENTICATED,
)
def show(request: HttpRequest, consultation_id: Id, comment_id: Id) -> Any:
    user = _staff(request)
    comment = _comment_to_change(user, consultation_id, comment_id)
    if comment.state != CommentState.PUBLISHED:
        services.show_comment(comment=comment, actor=user)
    return _changed(comment)
