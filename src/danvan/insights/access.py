"""Who may see what of the analysis (decision 0029): decided here only, from current
assignments (`danvan.accounts.scopes`). Every view, export, command and task of the app reads
texts, counts, topics, hotspots and forecasts through these accessors.

- **Analysis never widens access.** The words of a text are read through its source's own
  accessor (`readable_texts`): a matter through `cases.access.cases_for`, a comment on a draft
  through the consultations' accessor, and so on. A denunciation's text stays under the
  matter's rules. Texts marked `sensitive` (political or religious views, Luật 91/2025/QH15)
  are never quoted, to anyone: they are counted, and every use is logged (`log_sensitive`).
- **Counts follow territory.** Staff see counts, topics and hotspots of the territory their
  grants cover (`territory_q`): a commune's body its commune, a province's its province, a
  central body the country.
- **Small counts are hidden** (`shown_count`) below `INSIGHTS_MIN_COUNT` (5) for whoever may
  not read the texts behind them: a count of 2 in one commune names people.
- Hotspots are managed (state, body in charge, notes) by the officers and leaders whose
  grants cover the hotspot's place or its body in charge; leaders are alerted.
- Training the models and reading their evaluation: system administrators, and leaders for
  their reading.
"""

from __future__ import annotations

import enum
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.access import fetch_allowed
from danvan.org.models import AdminLevel

from .models import Hotspot, SensitiveUse, Text, TextSource

WRITER_ROLES = frozenset({Role.OFFICER, Role.LEADER})
READER_ROLES = frozenset({Role.OFFICER, Role.LEADER})


class Action(enum.StrEnum):
    VIEW = "view"
    MANAGE = "manage"


def min_count() -> int:
    return int(getattr(settings, "INSIGHTS_MIN_COUNT", 5))


def _active(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def is_staff(user: Any) -> bool:
    """The menu: any staff grant (no query beyond the user's grants)."""
    return _superuser(user) or scopes.has_role(user, STAFF_ROLES)


def may_train(user: Any) -> bool:
    return _superuser(user) or scopes.has_role(user, {Role.SYSTEM_ADMIN})


def may_evaluate(user: Any) -> bool:
    return _superuser(user) or scopes.has_role(user, {Role.SYSTEM_ADMIN, Role.LEADER})


def _grant_territory(grant: scopes.Grant, unit: str, province: str) -> Q | None:
    """The texts (or counts) of a grant's territory; None: the whole country."""
    if grant.unit_id is None:
        return None
    if grant.unit_level == AdminLevel.PROVINCE:
        return Q(**{province: grant.province_id})
    return Q(**{unit: grant.unit_id}) | Q(**{f"{unit}__current_id": grant.unit_id})


def territory_q(user: Any, *, unit: str = "unit", province: str = "province") -> Q:
    """The rows whose place the user's staff grants cover (counts, topics' counts, hotspots):
    `unit` and `province` name the row's place fields. Matches nothing without a grant."""
    if _superuser(user):
        return Q()
    q: Q | None = None
    for grant in scopes.grants_for(user):
        if grant.role not in STAFF_ROLES:
            continue
        part = _grant_territory(grant, unit, province)
        if part is None:
            return Q()
        q = part if q is None else q | part
    return q if q is not None else Q(pk__in=[])


def sees_nation(user: Any) -> bool:
    return _superuser(user) or any(
        g.unit_id is None and g.role in STAFF_ROLES for g in scopes.grants_for(user)
    )


def texts_counted(user: Any) -> QuerySet[Text]:
    """Texts the user may count (never read): their territory's."""
    if not is_staff(user):
        return Text.objects.none()
    return Text.objects.filter(territory_q(user))


def readable_texts(user: Any) -> QuerySet[Text]:
    """Texts whose words the user may read: those of sources the user reads through the
    source's own accessor, never a sensitive one."""
    if not _active(user) or not is_staff(user):
        return Text.objects.none()
    from danvan.cases.access import cases_for
    from danvan.participation.access_consultations import comments_for
    from danvan.participation.access_meetings import meetings_for
    from danvan.participation.models import MeetingQuestion
    from danvan.reports.access import reports_for
    from danvan.reports.models import SectionText
    from danvan.surveys.access import surveys_for
    from danvan.surveys.models import Answer

    answers = Answer.objects.filter(response__version__survey__in=surveys_for(user))
    questions = MeetingQuestion.objects.filter(meeting__in=meetings_for(user))
    reports = reports_for(user)
    sources = (
        Q(source=TextSource.CASE, source_id__in=cases_for(user).values("pk"))
        | Q(source=TextSource.CONSULTATION_COMMENT, source_id__in=comments_for(user).values("pk"))
        | Q(source=TextSource.SURVEY_ANSWER, source_id__in=answers.values("pk"))
        | Q(source=TextSource.MEETING_QUESTION, source_id__in=questions.values("pk"))
        | Q(
            source=TextSource.REPORT_NARRATIVE,
            source_id__in=SectionText.objects.filter(report__in=reports).values("pk"),
        )
        | _situation_q(reports)
    )
    return Text.objects.filter(sources, sensitive=False)


def _situation_q(reports: QuerySet[Any]) -> Q:
    """Issues of situation reports: readable with their report (reports.situation)."""
    try:
        from danvan.reports.models import SituationIssue
    except ImportError:  # the situation report is built by its own module
        return Q(pk__in=[])
    return Q(
        source=TextSource.SITUATION_ISSUE,
        source_id__in=SituationIssue.objects.filter(report__in=reports).values("pk"),
    )


def reads_texts(user: Any) -> bool:
    """Whether the user reads any texts at all (officers and leaders); others see counts."""
    return _superuser(user) or scopes.has_role(user, READER_ROLES)


def shown_count(count: int, *, reads: bool) -> int | None:
    """A count as it may be shown: None (shown as "fewer than N") when small and the viewer
    may not read the texts behind it. Zero is shown: it names nobody."""
    if reads or count == 0 or count >= min_count():
        return count
    return None


def log_sensitive(
    user: Any, *, purpose: str, texts: int, scope_id: int | None = None
) -> SensitiveUse | None:
    """Record a use of sensitive texts (counting them included), when there were any."""
    if texts <= 0:
        return None
    return SensitiveUse.objects.create(
        user=user if _active(user) else None, purpose=purpose, texts=texts, scope_id=scope_id
    )


def hotspots_for(user: Any) -> QuerySet[Hotspot]:
    if not is_staff(user):
        return Hotspot.objects.none()
    return Hotspot.objects.filter(territory_q(user))


def may_hotspot(user: Any, hotspot: Hotspot, action: Action = Action.VIEW) -> bool:
    if _superuser(user):
        return True
    if action == Action.VIEW:
        return hotspots_for(user).filter(pk=hotspot.pk).exists()
    if hotspot.in_charge is not None and scopes.covers(user, hotspot.in_charge, WRITER_ROLES):
        return True
    writer = [g for g in scopes.grants_for(user) if g.role in WRITER_ROLES]
    for grant in writer:
        part = _grant_territory(grant, "unit", "province")
        if part is None or Hotspot.objects.filter(part, pk=hotspot.pk).exists():
            return True
    return False


def hotspot_for(user: Any, pk: int, action: Action = Action.VIEW) -> Hotspot:
    return fetch_allowed(
        hotspots_for(user).select_related("topic", "unit", "province", "in_charge"),
        lambda h: may_hotspot(user, h, action),
        pk=pk,
    )


def leaders_covering(hotspot: Hotspot) -> QuerySet[Any]:
    """The leaders to alert: those whose grants cover the hotspot's place."""
    from danvan.accounts.models import Assignment, User

    place = Q()
    if hotspot.province_id is not None:
        place = Q(organization__current_unit__isnull=True) | Q(
            organization__current_unit__level=AdminLevel.PROVINCE,
            organization__province_id=hotspot.province_id,
        )
        if hotspot.unit_id is not None:
            place |= Q(organization__current_unit_id=hotspot.unit_id)
    leaders = Assignment.objects.current().filter(place, role=Role.LEADER)
    return User.objects.filter(is_active=True, pk__in=leaders.values("user_id"))
