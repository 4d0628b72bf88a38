"""Who may see a topic model and who may name its topics, from current grants only.

- A model of the whole country: every staff member (its counts then follow their territory,
  `access.territory_q`); a province's model: staff of that province and of the centre; a
  commune's: staff of that commune, its province and the centre.
- Labels: officers and leaders of the model's scope or above (a central body's for the
  country's model), and superusers. Training: `insights.train` (system administrators).

`may_label` is the predicate of the permission `insights.label_topic` (object: a Topic).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from danvan.accounts import scopes
from danvan.accounts.predicates import STAFF_ROLES
from danvan.org.models import AdminLevel

from .. import access
from ..models import Topic, TopicModel


def _grants(user: Any, roles: frozenset[str]) -> list[scopes.Grant]:
    return [g for g in scopes.grants_for(user) if g.role in roles]


def models_for(user: Any) -> QuerySet[TopicModel]:
    if not access.is_staff(user):
        return TopicModel.objects.none()
    if access.sees_nation(user):
        return TopicModel.objects.all()
    q = Q(scope__isnull=True)
    for grant in _grants(user, STAFF_ROLES):
        if grant.unit_level == AdminLevel.PROVINCE:
            q |= Q(scope__province_id=grant.province_id)
        elif grant.unit_id is not None:
            q |= Q(scope_id=grant.unit_id) | Q(scope_id=grant.province_id)
    return TopicModel.objects.filter(q)


def may_label(user: Any, topic: Topic | TopicModel | None = None) -> bool:
    if topic is None:
        return False
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    model = topic.model if isinstance(topic, Topic) else topic
    for grant in _grants(user, access.WRITER_ROLES):
        if grant.unit_id is None:
            return True
        if model.scope_id is None:
            continue
        if grant.unit_id == model.scope_id:
            return True
        scope = model.scope
        if (
            grant.unit_level == AdminLevel.PROVINCE
            and scope is not None
            and scope.province_id == grant.province_id
        ):
            return True
    return False


@rules.predicate
def label_topic(user: Any, topic: Any = None) -> bool:
    return may_label(user, topic)
