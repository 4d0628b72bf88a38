"""A directive passed down the levels: the bodies a rule names each get a duty (a study
session and their own programme or plan, by due dates); a body records its session and
registers its plan, which fills its duty, and may pass the directive further down."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.models import ADDITION, CHANGE
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date, today
from danvan.org.models import Organization, OrganizationKind
from danvan.org.selectors import bodies_named

from ..models import (
    DIRECTING_KINDS,
    PLAN_KINDS,
    Cascade,
    CascadeRule,
    Document,
    DocumentState,
    Duty,
    LinkKind,
    StudyForm,
    StudySession,
)
from .documents import DocumentSpec, link_documents, register_document
from .plans import open_workplan


@transaction.atomic
def cascade(
    *,
    document: Document,
    issuer: Organization,
    rule: str,
    kinds: list[str] | None = None,
    level: str = "",
    chosen: list[Organization] | None = None,
    requires_study: bool = True,
    study_due: dt.date | None = None,
    requires_plan: bool = True,
    plan_due: dt.date | None = None,
    parent_duty: Duty | None = None,
    on: dt.date | None = None,
    note: str = "",
    actor: User | None = None,
) -> Cascade:
    """Name the bodies that must act on `document` under `issuer`. A body that already has a
    duty for the document (named by an earlier cascade) keeps it: a second cascade adds only
    the bodies not yet named, and one naming nobody new is refused."""
    require(actor, "directives.cascade", issuer)
    day = on or today()
    kinds = [k for k in kinds or [] if k]
    errors: dict[str, str] = {}
    if document.state != DocumentState.CONFIRMED or document.kind not in DIRECTING_KINDS:
        errors["document"] = _("Only a directing document in the registry is cascaded.")
    if rule not in CascadeRule.values:
        errors["rule"] = _("Choose how the bodies that must act are named.")
    elif rule == CascadeRule.CHOSEN and not chosen:
        errors["chosen"] = _("Choose the bodies that must act.")
    elif rule == CascadeRule.BELOW and not (kinds or level):
        errors["organization_kinds"] = _("Say which kinds of body, or which level, must act.")
    if any(k not in OrganizationKind.values for k in kinds):
        errors["organization_kinds"] = _("Choose kinds of body from the list.")
    if not (requires_study or requires_plan):
        errors["requires_study"] = _("Ask for a study session, a plan, or both.")
    for field, wanted, due in (
        ("study_due", requires_study, study_due),
        ("plan_due", requires_plan, plan_due),
    ):
        if wanted and due is None:
            errors[field] = _("Give the due date.")
        elif due is not None and due < day:
            errors[field] = _("The due date cannot be before %(day)s.") % {
                "day": format_vn_date(day)
            }
    if parent_duty is not None and (
        parent_duty.body_id != issuer.pk or parent_duty.document_id != document.pk
    ):
        errors["document"] = _("A body passes down only the directives it has received.")
    if errors:
        raise ValidationError(errors)
    # One cascade of a document at a time: two officers naming the same bodies at once would
    # otherwise both find them free.
    Document.objects.select_for_update().filter(pk=document.pk).first()
    named = bodies_named(
        issuer=issuer,
        rule=rule,
        kinds=kinds,
        level=level,
        chosen=[o.pk for o in chosen or []],
        on=day,
    )
    taken = Duty.objects.filter(document=document).values("body_id")
    bodies = list(named.exclude(pk__in=taken).only("pk"))
    if not bodies:
        raise ValidationError(
            _("Every body this rule names already has this directive (or the rule names none).")
        )
    made = Cascade.objects.create(
        document=document,
        issuer=issuer,
        parent_duty=parent_duty,
        rule=rule,
        organization_kinds=kinds,
        level=level,
        requires_study=requires_study,
        study_due=study_due if requires_study else None,
        requires_plan=requires_plan,
        plan_due=plan_due if requires_plan else None,
        started_on=day,
        note=note.strip(),
        created_by=actor,
    )
    if chosen and rule == CascadeRule.CHOSEN:
        made.chosen.set(chosen)
    Duty.objects.bulk_create(
        [
            Duty(
                cascade=made,
                document=document,
                body=body,
                requires_study=made.requires_study,
                study_due=made.study_due,
                requires_plan=made.requires_plan,
                plan_due=made.plan_due,
            )
            for body in bodies
        ],
        batch_size=1000,
    )
    audit(
        actor,
        made,
        ADDITION,
        _("%(n)s bodies must act.") % {"n": len(bodies)},
    )
    return made


def _locked_duties(document: Document, body: Organization) -> list[Duty]:
    return list(Duty.objects.select_for_update().filter(document=document, body=body))


@transaction.atomic
def record_study(
    *,
    document: Document,
    body: Organization,
    held_on: dt.date,
    form: str,
    attendees: int,
    party_members_attending: int | None = None,
    party_members_total: int | None = None,
    place: str = "",
    note: str = "",
    actor: User | None = None,
) -> StudySession:
    """The body's study session on the directive; its duty counts it done on `held_on`."""
    require(actor, "directives.fulfil", body)
    errors: dict[str, str] = {}
    if held_on > today():
        errors["held_on"] = _("A session is recorded once it has been held.")
    if held_on < document.signed_on:
        errors["held_on"] = _("The session cannot come before the directive (%(day)s).") % {
            "day": format_vn_date(document.signed_on)
        }
    if form not in StudyForm.values:
        errors["form"] = _("Choose the form of the session.")
    if attendees < 1:
        errors["attendees"] = _("Give the number of people who attended.")
    if (
        party_members_attending is not None
        and party_members_total is not None
        and party_members_attending > party_members_total
    ):
        errors["party_members_attending"] = _(
            "More party members attended than the body has: check both figures."
        )
    if party_members_attending is not None and party_members_attending > attendees:
        errors["party_members_attending"] = _("More party members than people attending.")
    if errors:
        raise ValidationError(errors)
    duties = _locked_duties(document, body)
    # The same session sent twice (a repeated request) is recorded once.
    same = StudySession.objects.filter(
        document=document, body=body, held_on=held_on, attendees=attendees, form=form
    ).first()
    if same is not None:
        return same
    session = StudySession.objects.create(
        document=document,
        body=body,
        held_on=held_on,
        form=form,
        place=place.strip(),
        attendees=attendees,
        party_members_attending=party_members_attending,
        party_members_total=party_members_total,
        note=note.strip(),
        created_by=actor,
    )
    for duty in duties:
        if duty.studied_on is None or held_on < duty.studied_on:
            duty.studied_on = held_on
            duty.save(update_fields=["studied_on"])
    audit(actor, session, ADDITION)
    return session


@transaction.atomic
def register_plan(
    *,
    duty: Duty,
    spec: DocumentSpec,
    upload: UploadedFile | None = None,
    actor: User | None = None,
) -> Document:
    """The body's own programme or plan, registered as a document of its own that implements
    the directive; its duty counts it done on the date signed."""
    require(actor, "directives.fulfil", duty.body)
    if spec.kind and spec.kind not in PLAN_KINDS:
        raise ValidationError({"kind": _("A body answers a directive with a programme or a plan.")})
    spec = DocumentSpec(**{**spec.__dict__, "issuer": duty.body, "kind": spec.kind or "plan"})
    plan = register_document(spec=spec, registrar=duty.body, upload=upload, actor=actor)
    attach_plan(duty=duty, plan=plan, actor=actor)
    open_workplan(document=plan, actor=actor)
    return plan


@transaction.atomic
def attach_plan(*, duty: Duty, plan: Document, actor: User | None = None) -> Duty:
    """A programme or plan already in the registry fills the duty (and implements the
    directive)."""
    require(actor, "directives.fulfil", duty.body)
    if plan.kind not in PLAN_KINDS or plan.issuer_id != duty.body_id:
        raise ValidationError(
            {"plan": _("Choose a programme or plan issued by %(body)s.") % {"body": duty.body.name}}
        )
    if plan.signed_on < duty.document.signed_on:
        raise ValidationError(
            {
                "plan": _("The plan cannot come before the directive (%(day)s).")
                % {"day": format_vn_date(duty.document.signed_on)}
            }
        )
    link_documents(source=plan, kind=LinkKind.IMPLEMENTS, target=duty.document, actor=None)
    locked = Duty.objects.select_for_update().get(pk=duty.pk)
    locked.plan = plan
    locked.plan_issued_on = plan.signed_on
    locked.save(update_fields=["plan", "plan_issued_on"])
    audit(
        actor,
        locked,
        CHANGE,
        _("Plan %(plan)s fills the duty under %(directive)s.")
        % {"plan": plan.symbol, "directive": duty.document.symbol},
    )
    return locked
