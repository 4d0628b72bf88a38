"""The topic model over planted texts: it finds the issues, is reproducible, keeps labels,
places new texts only, and counts what it placed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from danvan.insights.models import SensitiveUse, TopicMembership, TopicModel, TopicWeekCount
from danvan.insights.services import topics as services
from tests.factories import Role, unit, user_with

from .topics_fixture import ISSUES, plant

pytestmark = pytest.mark.django_db

START = dt.date(2026, 9, 7)
END = dt.date(2026, 10, 4)


def _train(actor=None, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("topics", 3)
    return services.train_model(actor=actor, scope=None, period_start=START, period_end=END, **kw)


def _issue_of(topic) -> str | None:  # type: ignore[no-untyped-def]
    words = {w for w, _ in topic.words[:6]}
    found = [name for name, issue in ISSUES.items() if words & set(issue["words"])]
    return found[0] if len(found) == 1 else None


def test_finds_each_planted_issue_and_places_its_texts_in_it() -> None:
    ids = plant(per_issue=40)
    model = _train()
    assert model is not None and model.active
    topics = list(model.topics.all())
    assert len(topics) == 3
    issue_of = {t.pk: _issue_of(t) for t in topics}
    assert sorted(v for v in issue_of.values() if v) == sorted(ISSUES)
    member = dict(TopicMembership.objects.filter(model=model).values_list("text_id", "topic_id"))
    for issue, text_ids in ids.items():
        right = sum(issue_of[member[pk]] == issue for pk in text_ids if pk in member)
        assert right >= 0.95 * len(text_ids), (issue, right)
    assert model.quality["npmi"] > 0
    assert 0 < model.quality["relative_error"] < 1


def test_same_seed_gives_same_topics_and_memberships() -> None:
    plant(per_issue=30)
    first = _train(seed=7)
    second = _train(seed=7)
    assert first is not None and second is not None
    assert [t.words for t in first.topics.all()] == [t.words for t in second.topics.all()]
    a = sorted(TopicMembership.objects.filter(model=first).values_list("text_id", "topic__number"))
    b = sorted(TopicMembership.objects.filter(model=second).values_list("text_id", "topic__number"))
    assert a == b
    assert not TopicModel.objects.get(pk=first.pk).active
    assert TopicModel.objects.get(pk=second.pk).active


def test_label_survives_retraining_on_more_texts() -> None:
    plant(per_issue=30)
    first = _train()
    assert first is not None
    waste = next(t for t in first.topics.all() if _issue_of(t) == "waste")
    waste.label = "Ô nhiễm rác thải"
    waste.save()
    plant(per_issue=10, seed=99)
    second = _train(seed=3)
    assert second is not None
    labelled = [t for t in second.topics.all() if t.label]
    assert [(_issue_of(t), t.label) for t in labelled] == [("waste", "Ô nhiễm rác thải")]


def test_assigning_new_texts_touches_only_the_new_ones() -> None:
    plant(per_issue=30)
    model = _train()
    assert model is not None
    before = dict(TopicMembership.objects.filter(model=model).values_list("text_id", "weight"))
    new_ids = plant(per_issue=5, seed=42, start=timezone.make_aware(dt.datetime(2026, 10, 12, 8)))
    placed = services.assign_new(actor=None, model=model)
    new = [pk for pks in new_ids.values() for pk in pks]
    assert placed == len(new)
    after = dict(TopicMembership.objects.filter(model=model).values_list("text_id", "weight"))
    assert {k: after[k] for k in before} == before
    assert set(after) - set(before) == set(new)
    # Nothing new: nothing placed.
    assert services.assign_new(actor=None, model=model) == 0
    topics = {t.pk: _issue_of(t) for t in model.topics.all()}
    for issue, pks in new_ids.items():
        got = TopicMembership.objects.filter(model=model, text_id__in=pks)
        assert all(topics[m.topic_id] == issue for m in got)


def _counts_from_memberships(model: TopicModel) -> Counter:  # type: ignore[type-arg]
    rows = TopicMembership.objects.filter(model=model).values_list(
        "topic_id", "text__week", "text__province_id", "text__unit_id"
    )
    return Counter(rows)


def _stored_counts(model: TopicModel) -> Counter:  # type: ignore[type-arg]
    c: Counter = Counter()  # type: ignore[type-arg]
    for row in TopicWeekCount.objects.filter(topic__model=model):
        c[(row.topic_id, row.week, row.province_id, row.unit_id)] += row.count
    return c


def test_weekly_counts_per_place_equal_the_memberships(network) -> None:  # type: ignore[no-untyped-def]
    places = [network.commune_a1.current_unit, network.commune_b1.current_unit, unit("01")]
    plant(per_issue=30, places=places, weeks=3)
    model = _train()
    assert model is not None
    expected = _counts_from_memberships(model)
    assert len({k[1] for k in expected}) >= 3 and len({k[2] for k in expected}) == 2
    assert _stored_counts(model) == expected
    plant(
        per_issue=4, seed=5, places=places, start=timezone.make_aware(dt.datetime(2026, 10, 5, 8))
    )
    services.assign_new(actor=None, model=model)
    assert _stored_counts(model) == _counts_from_memberships(model)
    assert sum(_stored_counts(model).values()) == 102


def test_sensitive_texts_are_counted_and_their_use_logged() -> None:
    plant(per_issue=30, sensitive_every=9)
    model = _train()
    assert model is not None
    use = SensitiveUse.objects.get(purpose=services.PURPOSE_TRAIN)
    assert use.texts == 10
    counted = TopicMembership.objects.filter(model=model, text__sensitive=True).count()
    assert counted == 10
    for topic in model.topics.all():
        assert not TopicMembership.objects.filter(
            text_id__in=topic.representatives, text__sensitive=True
        ).exists()


def test_only_trainers_may_train(network) -> None:  # type: ignore[no-untyped-def]
    plant(per_issue=10)
    officer = user_with(network.province_a, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        _train(actor=officer)
    admin = user_with(network.central, Role.SYSTEM_ADMIN)
    assert _train(actor=admin) is not None


def test_too_few_texts_train_nothing() -> None:
    plant(per_issue=1)
    assert _train(topics=3) is None
    assert not TopicModel.objects.exists()


def test_command_trains_assigns_and_counts() -> None:
    from io import StringIO

    from django.core.management import call_command

    plant(per_issue=20)
    out, err = StringIO(), StringIO()
    call_command(
        "insights_topics",
        "train",
        "--from",
        "07/09/2026",
        "--to",
        "2026-10-04",
        "--topics",
        "3",
        stdout=out,
        stderr=err,
    )
    model = TopicModel.objects.get(active=True)
    assert f"model {model.pk}: 3 topics over 60 texts" in out.getvalue()
    assert "assign:" in err.getvalue()  # progress shown
    plant(per_issue=2, seed=8, start=timezone.make_aware(dt.datetime(2026, 10, 12, 8)))
    call_command("insights_topics", "assign", stdout=out, stderr=err)
    assert f"model {model.pk}: 6 new texts placed" in out.getvalue()
    call_command("insights_topics", "count", "--model", str(model.pk), stdout=out, stderr=err)
    assert _stored_counts(model) == _counts_from_memberships(model)
