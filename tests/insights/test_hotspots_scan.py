"""The hotspot scan: the test it states (one-sided Poisson against the series' own past,
Benjamini–Hochberg over every series of the scan), the cluster rule, body complaints,
idempotence and the alerts."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from scipy import stats

from danvan.accounts.models import Role, Scope, User
from danvan.cases.models import CaseKind
from danvan.cases.services.intake import PersonData, Submission, submit
from danvan.insights.hotspots.stats import Settings, assess, correct
from danvan.insights.models import (
    Hotspot,
    HotspotAlert,
    HotspotKind,
    HotspotLink,
    SensitiveUse,
    TextSource,
    TopicMembership,
)
from danvan.insights.services.hotspots import scan
from tests.factories import user_with

from .hotspot_data import WEEK, communes, provinces, texts, topic_model, week_counts, weeks_before

pytestmark = pytest.mark.django_db


def test_a_planted_topic_spike_in_one_province_is_raised_with_its_p_value_and_correction():
    rng = np.random.default_rng(20)
    _, topics = topic_model(4)
    places = provinces()
    spiked_topic, spiked_place = topics[1], places[0]
    rows = []
    for t in topics:
        for p in places:
            if (t, p) == (spiked_topic, spiked_place):
                rows += [(t, p, w, 3) for w in weeks_before()] + [(t, p, WEEK, 30)]
                continue
            rows += [(t, p, w, int(rng.poisson(3))) for w in [*weeks_before(), WEEK]]
    week_counts(rows)

    result = scan(week=WEEK)

    raised = Hotspot.objects.filter(kind=HotspotKind.TOPIC_SURGE)
    assert [(h.topic_id, h.province_id) for h in raised] == [(spiked_topic.pk, spiked_place.pk)]
    h = raised.get()
    assert h.key == f"topic:{spiked_topic.pk}:{spiked_place.pk}:{WEEK}"
    assert h.observed == 30 and h.baseline == pytest.approx(3.0)
    assert h.p_value == pytest.approx(stats.poisson.sf(29, 3.0))
    # Benjamini–Hochberg with the smallest p-value of m tests: p × m.
    assert result.tested == len(topics) * len(places)
    assert h.adjusted_p == pytest.approx(h.p_value * result.tested)
    assert h.state == "detected" and h.week == WEEK


def test_flat_poisson_data_over_many_places_raises_nothing():
    rng = np.random.default_rng(11)
    _, topics = topic_model(6)
    week_counts(
        [
            (t, p, w, int(rng.poisson(4)))
            for t in topics
            for p in provinces()
            for w in [*weeks_before(), WEEK]
        ]
    )
    for unit in communes(150):
        for w in [*weeks_before(), WEEK]:
            texts(int(rng.poisson(2)), week=w, unit=unit)

    result = scan(week=WEEK)

    assert result.tested >= 6 * 34 + 140
    assert result.raised == []
    assert not Hotspot.objects.exists()


def _flat_then(observed: int, series: int) -> None:
    """`series` topic × province series at exactly 2 a week, one of them at `observed` now."""
    _, topics = topic_model(10)
    pairs = [(t, p) for t in topics for p in provinces()][:series]
    rows = [(t, p, w, 2) for t, p in pairs for w in weeks_before()]
    rows += [(t, p, WEEK, observed if i == 0 else 2) for i, (t, p) in enumerate(pairs)]
    week_counts(rows)


def test_a_spike_significant_alone_is_raised_when_few_places_are_tested():
    _flat_then(observed=8, series=3)  # P(X ≥ 8 | λ = 2) ≈ 0.0011: × 3 stays below 0.01
    result = scan(week=WEEK)
    assert len(result.raised) == 1
    h = Hotspot.objects.get()
    assert h.p_value == pytest.approx(stats.poisson.sf(7, 2.0))
    assert h.adjusted_p == pytest.approx(h.p_value * 3)


def test_the_same_spike_is_not_raised_after_correcting_for_many_places():
    _flat_then(observed=8, series=340)  # × 340 ≈ 0.38: could well be chance
    result = scan(week=WEEK)
    assert result.tested == 340
    assert result.raised == []
    assert not Hotspot.objects.exists()


def test_the_stated_test_floors_a_zero_baseline_and_needs_a_minimum_count():
    conf = Settings()
    quiet = assess(4, [0] * 8, conf)
    assert not quiet.candidate and quiet.p_value == 1.0  # 4 < minimum count 5
    woke = assess(5, [0] * 8, conf)
    assert woke.baseline == 1.0  # floored: not "infinitely" above nothing
    assert woke.p_value == pytest.approx(stats.poisson.sf(4, 1.0))
    swinging = assess(20, [0, 12, 1, 15, 0, 11, 2, 14], conf)
    assert swinging.law == "negative_binomial"
    assert swinging.p_value > stats.poisson.sf(19, swinging.baseline)
    reject, adjusted = correct([0.001, 0.5, 0.04], conf)
    assert reject == [True, False, False]
    assert adjusted[0] == pytest.approx(0.003)


def _matter(network, topic, phone: str, unit, n: int = 1):
    """n matters in `unit` this week from the sender with `phone`, harvested as texts in
    `topic`."""
    made = []
    for i in range(n):
        result = submit(
            submission=Submission(
                title="Ô nhiễm từ trại lợn",
                content=f"Trại lợn xả thải ra kênh gây ô nhiễm, mùi hôi ({phone}-{i}).",
                channel="web",
                unit=unit,
                person=PersonData(full_name="Người dân", phone=phone, consent=True),
            ),
            client="test",
            idempotency_key=f"k-{phone}-{i}-{unit.pk}",
        )
        (text,) = texts(1, week=WEEK, unit=unit, content=f"Trại lợn xả thải {phone} {i}")
        text.source, text.source_id = TextSource.CASE, result.case.pk
        text.save(update_fields=["source", "source_id"])
        TopicMembership.objects.create(model=topic.model, text=text, topic=topic, weight=0.9)
        made.append(text)
    return made


def test_many_citizens_raising_one_issue_in_one_commune_make_a_cluster(network, settings):
    settings.INSIGHTS_HOTSPOT_CLUSTER_TEXTS = 8
    settings.INSIGHTS_HOTSPOT_CLUSTER_PEOPLE = 5
    _, topics = topic_model(2)
    a1 = network.commune_a1.unit
    made = []
    for i in range(8):
        made += _matter(network, topics[0], f"09123450{i:02d}", a1)

    scan(week=WEEK)

    cluster = Hotspot.objects.get(kind=HotspotKind.CLUSTER)
    assert cluster.key == f"cluster:t{topics[0].pk}:{a1.pk}:{WEEK}"
    assert (cluster.observed, cluster.people, cluster.topic_id, cluster.unit_id) == (
        8,
        8,
        topics[0].pk,
        a1.pk,
    )
    assert set(HotspotLink.objects.filter(hotspot=cluster).values_list("text_id", flat=True)) == {
        t.pk for t in made
    }


def test_one_sender_writing_many_letters_is_no_cluster(network, settings):
    settings.INSIGHTS_HOTSPOT_CLUSTER_TEXTS = 8
    settings.INSIGHTS_HOTSPOT_CLUSTER_PEOPLE = 5
    _, topics = topic_model(2)
    a2 = network.commune_a2.unit
    _matter(network, topics[0], "0987000111", a2, n=10)
    # Four more people: five senders would be needed.
    for i in range(3):
        _matter(network, topics[0], f"098700020{i}", a2)

    scan(week=WEEK)

    assert not Hotspot.objects.filter(kind=HotspotKind.CLUSTER).exists()


def test_complaints_and_denunciations_about_one_body_rising_are_raised(network):
    body = network.commune_a1_committee
    quiet = network.commune_a2
    for w in weeks_before():
        texts(
            1, week=w, organization=body, unit=network.commune_a1.unit, case_kind=CaseKind.COMPLAINT
        )
        texts(
            1,
            week=w,
            organization=quiet,
            unit=network.commune_a2.unit,
            case_kind=CaseKind.COMPLAINT,
        )
    texts(
        7, week=WEEK, organization=body, unit=network.commune_a1.unit, case_kind=CaseKind.COMPLAINT
    )
    texts(
        5,
        week=WEEK,
        organization=body,
        unit=network.commune_a1.unit,
        case_kind=CaseKind.DENUNCIATION,
        restricted=True,
    )
    # Feedback is no complaint: a rise of it says nothing about the body.
    texts(
        9, week=WEEK, organization=quiet, unit=network.commune_a2.unit, case_kind=CaseKind.FEEDBACK
    )
    texts(
        1, week=WEEK, organization=quiet, unit=network.commune_a2.unit, case_kind=CaseKind.COMPLAINT
    )

    scan(week=WEEK)

    bodies = Hotspot.objects.filter(kind=HotspotKind.BODY_COMPLAINTS)
    assert [h.subject_body_id for h in bodies] == [body.pk]
    h = bodies.get()
    assert h.observed == 12 and h.baseline == pytest.approx(1.0)
    assert h.province_id == network.province_a.unit_id
    assert h.links.count() == 12


def test_the_scan_is_idempotent(network):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    unit = network.commune_a1.unit
    for w in weeks_before():
        texts(1, week=w, unit=unit)
    texts(15, week=WEEK, unit=unit)

    first = scan(week=WEEK)
    state = (
        list(Hotspot.objects.values_list("key", "observed", "p_value", "adjusted_p")),
        HotspotLink.objects.count(),
        HotspotAlert.objects.count(),
    )
    second = scan(week=WEEK)

    assert first.created == 1 and second.created == 0 and second.updated == 0
    assert second.raised == first.raised
    assert (
        list(Hotspot.objects.values_list("key", "observed", "p_value", "adjusted_p")),
        HotspotLink.objects.count(),
        HotspotAlert.objects.count(),
    ) == state
    assert HotspotAlert.objects.filter(user=leader).count() == 1


def test_a_growing_week_updates_the_same_hotspot():
    unit = communes(1)[0]
    for w in weeks_before():
        texts(1, week=w, unit=unit)
    texts(10, week=WEEK, unit=unit)
    scan(week=WEEK)
    texts(5, week=WEEK, unit=unit)
    result = scan(week=WEEK)
    h = Hotspot.objects.get()
    assert (result.created, result.updated, h.observed, h.links.count()) == (0, 1, 15, 15)


def test_alerts_go_once_to_the_leaders_covering_the_place_and_to_nobody_else(
    network, django_capture_on_commit_callbacks
):
    province_leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    commune_leader = user_with(network.commune_a1, Role.LEADER)
    other_commune_leader = user_with(network.commune_a2, Role.LEADER)
    other_province_leader = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    officer = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
    unit = network.commune_a1.unit
    for w in weeks_before():
        texts(1, week=w, unit=unit)
    texts(12, week=WEEK, unit=unit)

    with django_capture_on_commit_callbacks(execute=True):
        scan(week=WEEK)
    with django_capture_on_commit_callbacks(execute=True):
        scan(week=WEEK)

    alerted = set(HotspotAlert.objects.values_list("user_id", flat=True))
    assert {province_leader.pk, commune_leader.pk} <= alerted
    assert not alerted & {other_commune_leader.pk, other_province_leader.pk, officer.pk}
    assert HotspotAlert.objects.count() == len(alerted)
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == sorted(
        User.objects.filter(pk__in=alerted).exclude(email="").values_list("email", flat=True)
    )
    assert len(recipients) == len(set(recipients))


def test_the_scan_logs_its_use_of_sensitive_texts():
    unit = communes(1)[0]
    texts(3, week=WEEK, unit=unit, sensitive=True)
    texts(2, week=WEEK, unit=unit)
    scan(week=WEEK)
    use = SensitiveUse.objects.get(purpose="hotspot_scan")
    assert use.texts == 3 and use.user is None


def test_the_command_scans_the_weeks_asked_and_refuses_a_bad_date():
    unit = communes(1)[0]
    for w in weeks_before():
        texts(1, week=w, unit=unit)
    texts(12, week=WEEK, unit=unit)
    out = io.StringIO()
    call_command(
        "insights_scan", "--week", str(WEEK + dt.timedelta(days=3)), "--weeks", "2", stdout=out
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[-1].startswith(f"{WEEK:%d/%m/%Y}")
    assert Hotspot.objects.get().week == WEEK
    with pytest.raises(CommandError):
        call_command("insights_scan", "--week", "2026-02-31")
