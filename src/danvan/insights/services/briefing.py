"""Writes of the briefing draft: the record that a draft was generated (an important read of
people's texts: the audit log says who, for which body and quarter, how many texts were
quoted) and the use of sensitive texts counted in it (access.log_sensitive)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import CHANGE
from django.db import transaction
from django.utils.translation import gettext

from danvan.lib.audit import audit
from danvan.org.models import Organization

from .. import access
from ..briefing.quarters import Quarter

PURPOSE_DRAFT = "briefing draft"
PURPOSE_PREVIEW = "briefing preview"


def record_draft(
    *, actor: Any, body: Organization, quarter: Quarter, quoted: int, sensitive: int
) -> None:
    """A draft was generated for `body` and `quarter`: audited on the body, and the sensitive
    texts it counted logged."""
    with transaction.atomic():
        audit(
            actor,
            body,
            CHANGE,
            gettext("Briefing draft generated (read only): %(quarter)s, %(n)s texts quoted.")
            % {"quarter": quarter.label, "n": quoted},
        )
        access.log_sensitive(actor, purpose=PURPOSE_DRAFT, texts=sensitive, scope_id=_scope(body))


def record_preview(*, actor: Any, body: Organization, sensitive: int) -> None:
    """The preview counted sensitive texts: that use is logged too."""
    with transaction.atomic():
        access.log_sensitive(actor, purpose=PURPOSE_PREVIEW, texts=sensitive, scope_id=_scope(body))


def _scope(body: Organization) -> int | None:
    return body.current_unit_id or body.unit_id
