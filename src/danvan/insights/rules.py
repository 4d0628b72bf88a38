"""Who may do what with the analysis (django-rules), each answered by `access`."""

from __future__ import annotations

from typing import Any

import rules

from . import access
from .topics.permissions import label_topic


@rules.predicate
def may_use(user: Any) -> bool:
    return access.is_staff(user)


@rules.predicate
def may_brief(user: Any) -> bool:
    return access.reads_texts(user)  # officers and leaders, for their own bodies


@rules.predicate
def may_train(user: Any) -> bool:
    return access.may_train(user)


@rules.predicate
def may_evaluate(user: Any) -> bool:
    return access.may_evaluate(user)


rules.add_perm("insights.use", may_use)
rules.add_perm("insights.brief", may_brief)
rules.add_perm("insights.label_topic", label_topic)
rules.add_perm("insights.train", may_train)
rules.add_perm("insights.evaluate", may_evaluate)
