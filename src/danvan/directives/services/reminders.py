"""Reminders of the steps a body owes under a directive: a few days before a study session
or a plan falls due, and once when it is missed (then the cascading body's leaders are told
too). Sent by the worker every hour; each duty is reminded at most once per step and window
(`Duty.reminded_on`), so a second run, or a second worker, sends nothing more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, Role, User
from danvan.lib.dates import format_vn_date, today
from danvan.org.models.validity import valid_on

from ..models import Duty

REMIND_DAYS = 5
WRITERS = (Role.OFFICER, Role.LEADER)


def _people(bodies: Iterable[int], roles: Iterable[str]) -> dict[int, list[User]]:
    """The people holding a current assignment on each body (its own staff)."""
    found: dict[int, list[User]] = {}
    rows = (
        Assignment.objects.current()
        .filter(organization_id__in=set(bodies), role__in=list(roles), user__is_active=True)
        .filter(valid_on(today(), "organization__"))
        .select_related("user")
    )
    for a in rows:
        found.setdefault(a.organization_id, []).append(a.user)
    return found


def _step(prefix: str) -> tuple[str, str, str]:
    done = "studied_on" if prefix == "study" else "plan_issued_on"
    return f"requires_{prefix}", f"{prefix}_due", done


def _soon(prefix: str, on: dt.date) -> Q:
    required, due_field, done = _step(prefix)
    return Q(
        **{
            required: True,
            f"{done}__isnull": True,
            f"{due_field}__gte": on,
            f"{due_field}__lte": on + dt.timedelta(days=REMIND_DAYS),
        }
    )


def _missed(prefix: str, on: dt.date) -> Q:
    """Missed before `on` and not reminded since it was missed."""
    required, due_field, done = _step(prefix)
    return Q(**{required: True, f"{done}__isnull": True, f"{due_field}__lt": on}) & (
        Q(reminded_on__isnull=True) | Q(reminded_on__lte=F(due_field))
    )


def due(on: dt.date) -> tuple[list[Duty], list[Duty]]:
    """(soon, missed): duties with a step due within REMIND_DAYS and not reminded in the
    last REMIND_DAYS days; duties with a step missed and not reminded since."""
    started = Duty.objects.filter(cascade__started_on__lte=on).select_related(
        "document", "body", "cascade__issuer"
    )
    missed = list(started.filter(_missed("study", on) | _missed("plan", on)))
    taken = {d.pk for d in missed}
    recent = Q(reminded_on__isnull=True) | Q(reminded_on__lt=on - dt.timedelta(days=REMIND_DAYS))
    soon = [
        d
        for d in started.filter(_soon("study", on) | _soon("plan", on)).filter(recent)
        if d.pk not in taken
    ]
    return soon, missed


def _what(duty: Duty, on: dt.date) -> str:
    steps = []
    if duty.requires_study and duty.studied_on is None and duty.study_due is not None:
        steps.append(_("a study session, due %(day)s") % {"day": format_vn_date(duty.study_due)})
    if duty.requires_plan and duty.plan_issued_on is None and duty.plan_due is not None:
        steps.append(
            _("its programme or plan, due %(day)s") % {"day": format_vn_date(duty.plan_due)}
        )
    return "; ".join(steps)


def remind(*, on: dt.date | None = None) -> int:
    """E-mail the bodies' officers and leaders (and, for a missed step, the cascading body's
    leaders); mark the duties reminded. Returns the number of duties reminded."""
    day = on or today()
    soon, missed = due(day)
    if not soon and not missed:
        return 0
    staff = _people({d.body_id for d in [*soon, *missed]}, WRITERS)
    leaders = _people({d.cascade.issuer_id for d in missed}, (Role.LEADER,))
    mails = []
    # The worker has no request and so no active language: the officers read Vietnamese.
    with translation.override(settings.LANGUAGE_CODE):
        for duty, late in [*((d, False) for d in soon), *((d, True) for d in missed)]:
            url = f"{settings.SITE_ROOT}/directives/duties/{duty.pk}/"
            subject = (_("Past due: %(document)s") if late else _("Due soon: %(document)s")) % {
                "document": duty.document.symbol
            }
            body = _("%(body)s owes %(what)s under %(document)s. Open the duty: %(url)s") % {
                "body": duty.body.name,
                "what": _what(duty, day),
                "document": duty.document.symbol,
                "url": url,
            }
            people = staff.get(duty.body_id, [])
            if late:
                people = [*people, *leaders.get(duty.cascade.issuer_id, [])]
            addresses = sorted({u.email for u in people if u.email})
            if addresses:
                mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
    with transaction.atomic():
        Duty.objects.filter(pk__in=[d.pk for d in [*soon, *missed]]).update(reminded_on=day)
    if mails:
        send_mass_mail(mails, fail_silently=True)
    return len(soon) + len(missed)
