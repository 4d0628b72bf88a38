"""Texts for the analysis' tests, made directly (the harvest is tested on its own)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danvan.insights.language import dictionary, segment
from danvan.insights.models import Text, TextSource
from danvan.lib.dates import week_start

_ids = iter(range(1, 10**9))


def make_text(
    content: str,
    *,
    unit: Any = None,
    province: Any = None,
    organization: Any = None,
    source: str = TextSource.CASE,
    source_id: int | None = None,
    case_kind: str = "",
    at: dt.datetime | None = None,
    restricted: bool = False,
    sensitive: bool = False,
) -> Text:
    at = at or timezone.now()
    if province is None and unit is not None:
        province = unit.province or unit
    return Text.objects.create(
        source=source,
        source_id=source_id if source_id is not None else 10_000_000 + next(_ids),
        content=content,
        words=segment.analysed(content),
        unit=unit,
        province=province,
        organization=organization,
        occurred_at=at,
        week=week_start(at),
        case_kind=case_kind,
        restricted=restricted,
        sensitive=sensitive,
    )


@pytest.fixture(autouse=True)
def _forget_dictionary():  # type: ignore[no-untyped-def]
    # Unit ids are reused after a rollback; the dictionary holds names only, but start clean.
    dictionary.forget()
    yield
    dictionary.forget()
