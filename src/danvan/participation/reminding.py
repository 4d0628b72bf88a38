"""Sending a reminder once: shared by the Front's recommendations and critiques
(services.supervision_reminders) and the meetings' commitments (services.commitment_reminders).
A row per person, kind and due date (unique) is written before the e-mail goes, so a task or
sweep run twice sends nothing twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import Assignment, User


def officers_by_body(body_ids: Iterable[int | None], roles: Iterable[str]) -> dict[int, list[User]]:
    """The active officers and leaders now assigned to each of the bodies: one query."""
    ids = {pk for pk in body_ids if pk is not None}
    rows = (
        Assignment.objects.current()
        .filter(organization_id__in=ids, role__in=list(roles), user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    by_body: dict[int, list[User]] = {}
    for a in rows:
        by_body.setdefault(a.organization_id, []).append(a.user)
    return by_body


def officers(
    body_ids: Iterable[int | None],
    roles: Iterable[str],
    by_body: dict[int, list[User]] | None = None,
) -> list[User]:
    """The active officers and leaders now assigned to any of the bodies, once each, in the
    order of the bodies given (from `by_body` when the caller read them already)."""
    ids = [pk for pk in body_ids if pk is not None]
    if by_body is None:
        by_body = officers_by_body(ids, roles)
    found: dict[int, User] = {}
    for pk in ids:
        for user in by_body.get(pk, []):
            found.setdefault(user.pk, user)
    return list(found.values())


def send_once(
    users: list[User],
    *,
    remember: Callable[[User], object],
    subject: str,
    text: str,
    due: dt.date,
    url: str,
) -> int:
    """Remember and e-mail each user not yet reminded (`remember` raises IntegrityError for
    one who was). Returns how many were reminded now."""
    made, mails = 0, []
    for user in users:
        try:
            with transaction.atomic():
                remember(user)
        except IntegrityError:
            continue  # already reminded by an earlier run
        made += 1
        if user.email:
            body = _("%(text)s — due %(date)s. Open it: %(url)s") % {
                "text": text[:200],
                "date": f"{due:%d/%m/%Y}",
                "url": f"{settings.SITE_ROOT}{url}",
            }
            mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if mails:
        send_mass_mail(mails, fail_silently=True)
    return made
