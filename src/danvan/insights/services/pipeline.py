"""The analysis, incrementally (decision 0029): what the background task runs every hour —
new texts read, officers' decisions on suggestions recorded, new texts embedded (within the
time budget; the rest wait and are matched by characters), placed in the active national
topics, the hotspot scan of this week and the last, and the week's forecasts once a week.

Each step stands alone: one that fails is logged and the others run, and every step is
idempotent, so the next hour finishes what this one could not.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from danvan.lib.dates import week_start

from ..models import Forecast, Text, TopicModel

logger = logging.getLogger(__name__)

# The national topics are first trained over this many weeks once texts are there; later
# runs place new texts in them (topics.assign_new). Officers retrain from the topics page.
FIRST_MODEL_WEEKS = 26
FIRST_MODEL_MIN_TEXTS = 200


@dataclass
class PipelineResult:
    done: dict[str, Any] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def _step(result: PipelineResult, name: str, run: Callable[[], Any]) -> None:
    try:
        result.done[name] = run()
    except (OperationalError, InterfaceError):
        raise  # the database went away: the worker waits and runs the task again
    except Exception:
        logger.exception("insights: the step %s failed; tried again next time", name)
        result.failed.append(name)


def _topics(now: dt.datetime) -> int:
    from . import topics

    model = TopicModel.objects.filter(scope__isnull=True, active=True).first()
    if model is not None:
        return topics.assign_new(actor=None, model=model)
    end = timezone.localtime(now).date()
    start = week_start(end) - dt.timedelta(weeks=FIRST_MODEL_WEEKS)
    if Text.objects.filter(week__gte=start).count() < FIRST_MODEL_MIN_TEXTS:
        return 0
    made = topics.train_model(actor=None, scope=None, period_start=start, period_end=end)
    return made.text_count if made is not None else 0


def _scan(now: dt.datetime) -> int:
    from .hotspots import scan

    this_week = week_start(now)
    raised = 0
    for week in (this_week - dt.timedelta(weeks=1), this_week):
        raised += len(scan(week=week).raised)
    return raised


def _forecasts(now: dt.datetime) -> int:
    from .forecasts import refresh_forecasts

    monday = week_start(now)
    made = Forecast.objects.filter(current=True).order_by("-made_at").first()
    if made is not None and week_start(made.made_at) >= monday:
        return 0  # this week's are made
    return len(refresh_forecasts(now=now).results)


def analyse_new(*, now: dt.datetime | None = None) -> PipelineResult:
    from .embeddings import embed_new
    from .harvest import harvest
    from .suggestions import record_decisions

    now = now or timezone.now()
    result = PipelineResult()
    _step(result, "harvest", lambda: sum(harvest().values()))
    _step(result, "decisions", lambda: record_decisions())
    _step(result, "embeddings", lambda: embed_new().embedded)
    _step(result, "topics", lambda: _topics(now))
    _step(result, "hotspots", lambda: _scan(now))
    _step(result, "forecasts", lambda: _forecasts(now))
    return result


def read_new_texts() -> PipelineResult:
    """Every minute: the texts that came in are read and embedded (within the time budget;
    a backlog is matched by characters until its turn, and the similar-texts page says so)."""
    from .embeddings import embed_new
    from .harvest import harvest

    result = PipelineResult()
    _step(result, "harvest", lambda: sum(harvest().values()))
    _step(result, "embeddings", lambda: embed_new().embedded)
    return result
