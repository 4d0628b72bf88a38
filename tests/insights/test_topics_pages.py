"""The topic pages: who sees what (the permission matrix), small counts hidden, texts only
from what the viewer reads (never a sensitive one), labels, training, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from danvan.cases.access import cases_for
from danvan.insights import access
from danvan.insights.models import SensitiveUse, Text, TextSource, Topic, TopicModel
from danvan.insights.services import topics as services
from tests.duplicates.conftest import make_case
from tests.factories import Role, Scope, UserFactory, sign_in, sign_in_with_totp, unit, user_with

from .conftest import make_text
from .topics_fixture import ISSUES, plant

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 9, 7), dt.date(2026, 10, 4)
AT = timezone.make_aware(dt.datetime(2026, 9, 9, 9))


@pytest.fixture
def users(network):  # type: ignore[no-untyped-def]
    return {
        "citizen": UserFactory(),
        "scope_officer": user_with(network.province_a, Role.OFFICER, Scope.SUBTREE),
        "scope_leader": user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "other_officer": user_with(network.province_b, Role.OFFICER, Scope.SUBTREE),
        "unit_admin": user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE),
        "other_unit_admin": user_with(network.province_b, Role.UNIT_ADMIN, Scope.SUBTREE),
        "system_admin": user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE),
    }


@pytest.fixture
def models(network):  # type: ignore[no-untyped-def]
    """A Hà Nội model and a national one; Tuyên Quang has 3 texts of one issue only."""
    a1 = network.commune_a1.current_unit
    b1 = network.commune_b1.current_unit
    plant(per_issue=25, places=[a1])
    for i in range(3):
        make_text(
            f"Bãi rác bốc mùi hôi thối gây ô nhiễm, rác thải không được thu gom {i}.",
            unit=b1,
            at=AT,
        )
    hanoi = services.train_model(
        actor=None, scope=unit("01"), period_start=START, period_end=END, topics=3
    )
    nation = services.train_model(
        actor=None, scope=None, period_start=START, period_end=END, topics=3
    )
    assert hanoi is not None and nation is not None
    return {"hanoi": hanoi, "nation": nation}


def _login(client, user):  # type: ignore[no-untyped-def]
    if user is None:
        return
    if access.is_staff(user):
        sign_in_with_totp(client, user)
    else:
        sign_in(client, user)


def _waste(model: TopicModel) -> Topic:
    words = set(ISSUES["waste"]["words"])
    return next(t for t in model.topics.all() if {w for w, _ in t.words[:6]} & words)


MATRIX = {
    # who: (topics page, topic page, edit label, train)
    None: (302, 302, 302, 302),
    "citizen": (403, 403, 403, 403),
    "scope_officer": (200, 200, 302, 403),
    "scope_leader": (200, 200, 302, 403),
    "other_officer": (404, 404, 404, 403),
    "unit_admin": (200, 200, 403, 403),
    "system_admin": (200, 200, 403, 302),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix_on_a_provinces_topics(client, users, models, who) -> None:  # type: ignore[no-untyped-def]
    user = users[who] if who else None
    _login(client, user)
    topic = _waste(models["hanoi"])
    expected = MATRIX[who]
    got = (
        client.get(reverse("insights:topics"), {"model": models["hanoi"].pk}).status_code,
        client.get(reverse("insights:topic", args=[topic.pk])).status_code,
        client.post(reverse("insights:topic_label", args=[topic.pk]), {"label": "Rác"}).status_code,
        client.post(
            reverse("insights:topics_train"),
            {"period_start": "07/09/2026", "period_end": "04/10/2026", "topics": "3"},
        ).status_code,
    )
    assert got == expected
    topic.refresh_from_db()
    assert (topic.label == "Rác") == (who in {"scope_officer", "scope_leader"})


def test_officer_of_another_province_sees_the_national_topics_of_their_territory_only(
    client, users, models
) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["other_officer"])
    response = client.get(reverse("insights:topics"))
    assert response.status_code == 200
    assert response.context["model"] == models["nation"]
    counts = {r.topic.pk: r.count for r in response.context["rows"]}
    assert sum(counts.values()) == 3  # Tuyên Quang's three texts, not Hà Nội's 75
    # and may not name the nation's topics
    topic = _waste(models["nation"])
    assert (
        client.post(reverse("insights:topic_label", args=[topic.pk]), {"label": "x"}).status_code
        == 403
    )


def test_small_counts_are_hidden_from_who_does_not_read_texts(client, users, models) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["other_unit_admin"])
    response = client.get(reverse("insights:topics"))
    rows = response.context["rows"]
    waste = _waste(models["nation"])
    row = next(r for r in rows if r.topic.pk == waste.pk)
    assert row.count == 3 and row.shown is None
    assert all(v in (None, 0) for v in row.trend)
    page = client.get(reverse("insights:topic", args=[waste.pk]))
    weekly = page.context["weeks_chart"].series[0].values
    assert weekly and all(v in (None, 0) for v in weekly)
    assert all(v is None for v in page.context["places_chart"].series[0].values)
    # a reader of texts of the same territory sees the figure
    client.logout()
    _login(client, users["other_officer"])
    rows = client.get(reverse("insights:topics")).context["rows"]
    assert next(r for r in rows if r.topic.pk == waste.pk).shown == 3


def test_representative_texts_only_those_the_viewer_reads_never_sensitive(
    client, network, users
) -> None:  # type: ignore[no-untyped-def]
    a1 = network.commune_a1.current_unit
    plant(per_issue=20, places=[a1])
    reader = user_with(network.commune_a1_committee, Role.OFFICER, Scope.SUBTREE)
    cases = [
        make_case(network, ("Rác thải", f"Bãi rác bốc mùi hôi thối gây ô nhiễm số {i}"))
        for i in range(3)
    ]
    assert all(cases_for(reader).filter(pk=c.pk).exists() for c in cases)
    readable = [
        make_text(
            f"Bãi rác bốc mùi hôi thối gây ô nhiễm, rác thải không thu gom {i}",
            unit=a1,
            at=AT,
            source=TextSource.CASE,
            source_id=c.pk,
        )
        for i, c in enumerate(cases)
    ]
    Text.objects.filter(pk=readable[2].pk).update(sensitive=True)
    model = services.train_model(
        actor=None, scope=None, period_start=START, period_end=END, topics=3
    )
    assert model is not None
    topic = _waste(model)
    assert readable[0].pk in topic.representatives and readable[1].pk in topic.representatives
    _login(client, reader)
    shown = [t.pk for t in client.get(reverse("insights:topic", args=[topic.pk])).context["texts"]]
    assert set(shown) == {readable[0].pk, readable[1].pk}
    client.logout()
    _login(client, users["other_officer"])
    assert client.get(reverse("insights:topic", args=[topic.pk])).context["texts"] == []


def test_viewing_counts_that_include_sensitive_texts_is_logged(client, network, users) -> None:  # type: ignore[no-untyped-def]
    plant(per_issue=20, places=[network.commune_a1.current_unit], sensitive_every=6)
    model = services.train_model(
        actor=None, scope=None, period_start=START, period_end=END, topics=3
    )
    assert model is not None
    _login(client, users["scope_leader"])
    client.get(reverse("insights:topics"))
    use = SensitiveUse.objects.get(purpose="topics page")
    assert use.user == users["scope_leader"] and use.texts == 10


def test_label_is_saved_audited_and_bad_input_is_a_form_error(client, users, models) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["scope_officer"])
    topic = _waste(models["hanoi"])
    url = reverse("insights:topic_label", args=[topic.pk])
    assert client.post(url, {"label": "x" * 121}).status_code == 400
    assert client.post(url, {"label": "  Ô nhiễm   rác "}).status_code == 302
    topic.refresh_from_db()
    assert topic.label == "Ô nhiễm rác" and topic.label_by == users["scope_officer"]
    assert LogEntry.objects.filter(object_id=str(topic.pk), user=users["scope_officer"]).exists()


def test_training_from_the_page_queues_a_background_run(
    client, users, models, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    _login(client, users["system_admin"])
    url = reverse("insights:topics_train")
    bad = client.post(
        url, {"period_start": "31/12/2026", "period_end": "01/01/2026", "topics": "3"}
    )
    assert bad.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url, {"period_start": "07/09/2026", "period_end": "04/10/2026", "topics": "3"}
        )
    assert ok.status_code == 302
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("train_topics")
    assert task.args_kwargs["args"][:4] == [None, "2026-09-07", "2026-10-04", 3]


def test_pages_take_a_bounded_number_of_queries(
    client, users, models, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["scope_leader"])
    with django_assert_max_num_queries(22):
        assert (
            client.get(reverse("insights:topics"), {"model": models["hanoi"].pk}).status_code == 200
        )
    topic = _waste(models["hanoi"])
    with django_assert_max_num_queries(26):
        assert client.get(reverse("insights:topic", args=[topic.pk])).status_code == 200


def test_bad_model_parameter_is_a_400_not_a_500(client, users, models) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["scope_leader"])
    assert client.get(reverse("insights:topics"), {"model": "abc"}).status_code == 400
    assert client.get(reverse("insights:topics"), {"model": "999999"}).status_code == 404


def test_a_place_on_the_topics_page_narrows_the_counts(client, network, users, models) -> None:  # type: ignore[no-untyped-def]
    _login(client, users["system_admin"])
    response = client.get(reverse("insights:topics"))
    places = {label: n for label, _link, (n,) in response.context["places_chart"].rows}
    # a system administrator reads no texts: Tuyên Quang's 3 are "fewer than 5"
    assert places == {unit("01").name: 75, unit("08").name: None}
    tuyen_quang = unit("08")
    narrowed = client.get(reverse("insights:topics"), {"place": tuyen_quang.pk})
    assert sum(r.count for r in narrowed.context["rows"]) == 3
    assert narrowed.context["place"] == tuyen_quang
