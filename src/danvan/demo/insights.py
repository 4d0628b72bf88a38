"""The people's situation in the demo (DEMO DATA): the past matters of demo.history and the
other demo texts read into the analysis, the intake classifiers trained on the demo officers'
classifications, the national topics, the newest texts embedded, the week's hotspot scan and
the forecasts — as the hourly task would leave them.

So that the demo leader has a hotspot to open, this week nine people of the demo ward wrote
about one thing: flooding since a construction site filled in the drainage canal (made-up
letters, marked as demo data). Seeding again adds nothing (the letters have their keys; every
step of the analysis reads new texts only)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from danvan.cases.models import Case, CaseField, Channel
from danvan.cases.services.intake import PersonData, Submission, client_key, submit
from danvan.insights.models import ModelTarget
from danvan.insights.services import embeddings, forecasts, harvest, hotspots, suggestions, topics
from danvan.lib.dates import today, week_start
from danvan.org.models import AdminUnit

CLIENT = "demo-insights"
SPIKE = (
    "Ngập úng khu dân cư do thi công lấp kênh",
    "Từ khi công trường lấp đoạn kênh thoát nước phía sau chợ, mỗi trận mưa nước ngập vào "
    "nhà dân {n} tấc, đề nghị chủ đầu tư khơi thông dòng chảy.",
    "Công trình san lấp con kênh thoát nước làm ngõ {n} ngập sâu sau mưa, nước tràn vào nhà, "
    "đề nghị Ủy ban kiểm tra và buộc trả lại dòng chảy.",
    "Kênh thoát nước bị lấp để thi công, khu phố ngập nặng mỗi khi mưa lớn, người già và trẻ "
    "em đi lại khó khăn, đề nghị xử lý gấp.",
)
SPIKE_LETTERS = 9
EMBED_NEWEST = 300  # the rest wait for the worker, matched by characters meanwhile
TOPIC_WEEKS = 52


@dataclass
class InsightsSeed:
    texts: int = 0
    topics: int = 0
    hotspots: int = 0
    forecasts: int = 0


def _spike(officer_commune: str) -> int:
    ward = AdminUnit.objects.current().filter(code=officer_commune).first()
    if ward is None:
        return 0
    rng = random.Random(20)  # noqa: S311 - reproducible demo data
    field = CaseField.objects.filter(code="moi-truong").first()
    made = 0
    monday = week_start(timezone.now())
    for i in range(SPIKE_LETTERS):
        key = f"spike-{i}"
        if Case.objects.filter(idempotency_key=client_key(key, client=CLIENT)).exists():
            continue
        body = rng.choice(SPIKE[1:]).format(n=rng.randint(2, 6))
        received = max(
            timezone.now() - dt.timedelta(hours=rng.randint(1, 60)),
            timezone.make_aware(dt.datetime.combine(monday, dt.time(8))),
        )
        submit(
            submission=Submission(
                title=f"{SPIKE[0]} (demo)",
                content=f"{body} (demo)",
                channel=rng.choice([Channel.WEB, Channel.IN_PERSON]),
                unit=ward,
                field=field,
                received_at=received,
                person=PersonData(
                    full_name=f"Người dân {i + 1} (demo)",
                    phone=f"0912{500000 + i:06d}",
                    consent=True,
                ),
            ),
            idempotency_key=key,
            client=CLIENT,
        )
        made += 1
    return made


def seed_demo_insights(*, officer_commune: str) -> InsightsSeed:
    result = InsightsSeed()
    _spike(officer_commune)
    result.texts = sum(harvest.harvest().values())
    for target in (ModelTarget.FIELD, ModelTarget.KIND):
        suggestions.train(target=target, seed=2026)
    end = today()
    model = topics.train_model(
        actor=None,
        scope=None,
        period_start=week_start(end) - dt.timedelta(weeks=TOPIC_WEEKS),
        period_end=end,
        seed=2026,
    )
    result.topics = model.topic_count if model is not None else 0
    embeddings.embed_new(limit=EMBED_NEWEST)
    monday = week_start(timezone.now())
    for week in (monday - dt.timedelta(weeks=1), monday):
        result.hotspots += len(hotspots.scan(week=week).raised)
    result.forecasts = len(forecasts.refresh_forecasts(actor=None).results)
    return result
