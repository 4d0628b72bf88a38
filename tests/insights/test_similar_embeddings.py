"""Embedding the texts: incremental, bounded batches, the backlog said."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command

from danvan.insights.models import TextVector
from danvan.insights.services import embeddings
from danvan.insights.similarity import embedding

from .conftest import make_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """A stand-in for the model (its own tests use it for real): records each batch."""
    seen: list[int] = []

    def fake(texts):
        seen.append(len(texts))
        rng = np.random.default_rng(len(texts))
        v = rng.normal(size=(len(texts), embedding.DIM)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    monkeypatch.setattr(embedding, "embed", fake)
    return seen


def test_a_second_run_embeds_nothing(calls):
    for i in range(5):
        make_text(f"Đường ngập nước số {i}")
    first = embeddings.embed_new(size=2)
    assert first.embedded == 5 and first.backlog == 0 and first.notice == ""
    assert TextVector.objects.count() == 5
    calls.clear()
    second = embeddings.embed_new(size=2)
    assert second.embedded == 0 and calls == []
    make_text("Một văn bản mới")
    assert embeddings.embed_new(size=2).embedded == 1


def test_batches_are_bounded(calls):
    for i in range(7):
        make_text(f"Đèn đường hỏng ở ngõ {i}")
    result = embeddings.embed_new(size=3)
    assert calls == [3, 3, 1]
    assert result.batches == 3 and result.largest_batch == 3
    calls.clear()
    make_text("thêm một")
    embeddings.embed_new(size=10_000)
    assert max(calls) <= embeddings.MAX_BATCH


def test_sensitive_texts_are_never_embedded(calls):
    make_text("Ý kiến về tôn giáo", sensitive=True)
    plain = make_text("Rác thải không được thu gom")
    result = embeddings.embed_new()
    assert result.embedded == 1 and result.backlog == 0
    assert list(TextVector.objects.values_list("text_id", flat=True)) == [plain.pk]


def test_the_backlog_falls_back_to_characters_and_says_so(calls, capsys):
    texts = [make_text(f"Chậm cấp sổ đỏ hồ sơ {i}") for i in range(5)]
    result = embeddings.embed_new(size=2, budget=0)
    # The newest first; the rest waits, matched by characters, and the run says how many.
    assert result.embedded == 2 and result.backlog == 3
    assert set(TextVector.objects.values_list("text_id", flat=True)) == {
        texts[-1].pk,
        texts[-2].pk,
    }
    assert "3" in result.notice
    call_command("insights_embed", "--batch", "2", "--budget", "0.000001")
    out = capsys.readouterr().out
    assert "1 left" in out and "1" in out.splitlines()[-1]


def test_the_model_embeds_for_real_into_unit_float16_vectors():
    text = make_text("Ủy ban nhân dân phường chậm cấp giấy khai sinh cho cháu")
    result = embeddings.embed_new()
    assert result.embedded == 1
    stored = embedding.from_bytes(TextVector.objects.get(pk=text.pk).vector)
    assert stored.shape == (embedding.DIM,)
    assert abs(float(np.linalg.norm(stored)) - 1) < 0.01
