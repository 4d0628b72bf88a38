"""Models of the consultations subdomain: comments on drafts (góp ý dự thảo).

A drafting body puts a draft up for comment (`Consultation`), split into its chapters,
sections, articles, clauses and points (`DraftPart`); citizens and organizations comment on
a part or on the whole draft (`Comment`); the body answers each comment (`CommentAnswer`)
and publishes the synthesis ("Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý") once the
consultation closes. A commenter's e-mail address is personal data: kept encrypted, found by
a keyed hash (`ContactCheck`, `Comment.contact_*`), never shown (decision 0026)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.lib import crypto
from danvan.org.models import Organization

__all__ = [
    "AnswerOutcome",
    "Comment",
    "CommentAnswer",
    "CommentAuthor",
    "CommentState",
    "Consultation",
    "ConsultationState",
    "ContactCheck",
    "DraftPart",
    "PartKind",
    "Stance",
]


def _draft_path(instance: Consultation, filename: str) -> str:
    # The stored name says nothing about the content; the original name is kept in the row.
    return f"participation/consultations/{uuid.uuid4().hex}"


class ConsultationState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed, being answered")
    PUBLISHED = "published", _("Synthesis published")


class Consultation(models.Model):
    body = models.ForeignKey(
        Organization,
        verbose_name=_("drafting body"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("title of the draft"), max_length=300)
    document_kind = models.CharField(
        _("kind of document"),
        max_length=100,
        blank=True,
        help_text=_("e.g. Nghị quyết, Quyết định, Quy định"),
    )
    document_number = models.CharField(
        _("number and symbol"), max_length=60, blank=True, help_text=_("If it has one already.")
    )
    summary = models.TextField(pgettext_lazy("consultation", "summary"), blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ConsultationState.choices,
        default=ConsultationState.DRAFT,
    )
    citizens_may_comment = models.BooleanField(_("citizens may comment"), default=True)
    organizations_may_comment = models.BooleanField(_("organizations may comment"), default=True)
    file = models.FileField(_("draft (.docx)"), upload_to=_draft_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("synthesis published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("synthesis published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consultation on a draft")
        verbose_name_plural = _("consultations on drafts")
        ordering = ("-opens_on", "-pk")
        indexes = [
            models.Index(fields=["state", "closes_on"], name="part_consult_state_closes"),
            models.Index(fields=["body", "state"], name="part_consult_body_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="part_consult_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=Q(citizens_may_comment=True) | Q(organizations_may_comment=True),
                name="part_consult_someone_comments",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state != ConsultationState.DRAFT


class PartKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")
    CLAUSE = "clause", _("Clause")
    POINT = "point", _("Point")


# How deep each kind sits: a part's parent is the nearest part before it that sits higher.
PART_DEPTH = {
    PartKind.CHAPTER: 0,
    PartKind.SECTION: 1,
    PartKind.ARTICLE: 2,
    PartKind.CLAUSE: 3,
    PartKind.POINT: 4,
}


class DraftPart(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="parts",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        editable=False,
    )
    # The article a clause or point belongs to (itself for an article): statistics per article.
    article = models.ForeignKey(
        "self",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PartKind.choices)
    number = models.CharField(pgettext_lazy("part of a draft", "number"), max_length=20, blank=True)
    heading = models.CharField(
        pgettext_lazy("part of a draft", "heading"), max_length=500, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(pgettext_lazy("order in a list", "position"))

    class Meta:
        verbose_name = _("part of a draft")
        verbose_name_plural = _("parts of a draft")
        ordering = ("consultation", "position")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "position"], name="part_draftpart_one_per_position"
            ),
        ]
        indexes = [models.Index(fields=["consultation", "kind"], name="part_draftpart_kind")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Article 3", "Clause 2", "Point a" (translated: "Điều 3", "Khoản 2", "Điểm a")."""
        from django.utils.translation import gettext

        names = {
            PartKind.CHAPTER: gettext("Chapter %(n)s"),
            PartKind.SECTION: gettext("Section %(n)s"),
            PartKind.ARTICLE: gettext("Article %(n)s"),
            PartKind.CLAUSE: gettext("Clause %(n)s"),
            PartKind.POINT: gettext("Point %(n)s"),
        }
        return names[PartKind(self.kind)] % {"n": self.number or "—"}

    @property
    def depth(self) -> int:
        return PART_DEPTH[PartKind(self.kind)]


class Stance(models.TextChoices):
    AGREE = "agree", _("I agree")
    DISAGREE = "disagree", _("I disagree")
    OTHER = "other", _("Other opinion")


class CommentAuthor(models.TextChoices):
    ACCOUNT = "account", _("Signed-in citizen")
    CONTACT = "contact", _("Citizen with a verified e-mail")
    ORGANIZATION = "organization", _("Organization")


class CommentState(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("comment on a draft", "Published")
    HIDDEN = "hidden", _("Hidden by moderation")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    part = models.ForeignKey(
        DraftPart,
        verbose_name=_("part commented on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
        help_text=_("Empty: the draft as a whole."),
    )
    stance = models.CharField(_("opinion"), max_length=10, choices=Stance.choices)
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    author_kind = models.CharField(_("author"), max_length=12, choices=CommentAuthor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_comments",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization commenting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_comments",
    )
    # A verified e-mail address: encrypted, and a keyed hash to find a person's comments.
    contact_enc = models.TextField(blank=True, editable=False)
    contact_index = models.CharField(max_length=64, blank=True, editable=False)
    display_name = models.CharField(_("name shown"), max_length=120)
    state = models.CharField(
        _("state"), max_length=10, choices=CommentState.choices, default=CommentState.PUBLISHED
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    # The form's own key: the same submission sent twice is kept once.
    key = models.CharField(max_length=64, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a draft")
        verbose_name_plural = _("comments on drafts")
        ordering = ("submitted_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key"], name="part_comment_one_per_key"
            ),
            models.CheckConstraint(
                condition=(
                    Q(author_kind="account", user__isnull=False)
                    | Q(author_kind="contact", contact_index__gt="")
                    | Q(author_kind="organization", organization__isnull=False)
                ),
                name="part_comment_author_known",
            ),
            models.CheckConstraint(
                condition=Q(state="published") | ~Q(hidden_reason=""),
                name="part_comment_hidden_with_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "state"], name="part_comment_consult_state"),
            models.Index(fields=["part", "state"], name="part_comment_part_state"),
            models.Index(fields=["contact_index"], name="part_comment_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_stance_display()}"

    def set_contact(self, email: str) -> None:
        self.contact_enc = crypto.encrypt(email.strip())
        self.contact_index = crypto.blind_index(email, kind="email")

    @property
    def contact(self) -> str:
        return crypto.decrypt(self.contact_enc)

    @property
    def author_shown(self) -> str:
        """Who commented, as the synthesis names them: the organization, or the chosen name."""
        if self.author_kind == CommentAuthor.ORGANIZATION and self.organization is not None:
            return self.organization.name
        return self.display_name


class AnswerOutcome(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("answer to a comment on a draft", "Accepted")
    PARTLY = "partly", _("Partly accepted")
    EXPLAINED = "explained", _("Explained (not accepted)")


class CommentAnswer(models.Model):
    comment = models.OneToOneField(
        Comment,
        verbose_name=pgettext_lazy("comment on a draft", "comment"),
        on_delete=models.CASCADE,
        related_name="answer",
    )
    outcome = models.CharField(_("answer"), max_length=10, choices=AnswerOutcome.choices)
    text = models.TextField(_("acceptance or explanation"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("answer to a comment")
        verbose_name_plural = _("answers to comments")
        indexes = [models.Index(fields=["outcome"], name="part_answer_outcome")]

    def __str__(self) -> str:
        return self.get_outcome_display()


class ContactCheck(models.Model):
    """A one-time code sent to an e-mail address so that its owner may comment on one
    consultation without an account. Only a keyed hash of the code is kept."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="contact_checks",
    )
    contact_enc = models.TextField(editable=False)
    contact_index = models.CharField(max_length=64, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail verification")
        verbose_name_plural = _("e-mail verifications")
        indexes = [
            models.Index(fields=["consultation", "contact_index"], name="part_contactcheck_find")
        ]

    def __str__(self) -> str:
        return str(_("e-mail verification"))

    @property
    def contact(self) -> str:
        return crypto.decrypt(self.contact_enc)
