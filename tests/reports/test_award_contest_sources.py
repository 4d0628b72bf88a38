"""The award and contest figures a report is filled with (emulation and contests figure
sources) against hand-counted records, across a reorganization; one statement each; and the
list behind each figure, which holds exactly what was counted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from danvan.contests.models import (
    Contest,
    ContestStatus,
    Round,
    RoundKind,
    RoundResult,
    Team,
    TeamMember,
)
from danvan.emulation import services as emulation
from danvan.emulation.services import DecisionRecipientInput
from danvan.lib import figures
from danvan.org.models import Organization
from tests.contests.conftest import published
from tests.emulation.conftest import COLLECTIVE, PERSON, issued, kind
from tests.exemplars.conftest import register
from tests.factories import Role, Scope, make_org, sign_in, user_with

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))
# Month 11/2026: figures from 15/10/2026 to 14/11/2026 (Hà Nội days).
WINDOW = figures.Window(dt.date(2026, 10, 15), dt.date(2026, 11, 14))


def at(month, day, hour=9, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the proposals' documents


@pytest.fixture
def former(network):
    """A body merged into commune A1 (its records roll up to A1)."""
    body = make_org(unit=network.commune_a1.unit, parent=None, name="Ban Dân vận xã cũ")
    Organization.objects.filter(pk=body.pk).update(current=network.commune_a1)
    body.refresh_from_db()
    return body


def _statements_on(prefix, run):
    with CaptureQueriesContext(connection) as seen:
        value = run()
    return value, [q["sql"] for q in seen.captured_queries if prefix in q["sql"]]


# --- Awards --------------------------------------------------------------------------------


def _direct(authority, award, number, on, recipients):
    return emulation.issue_decision(
        actor=user_with(authority, Role.LEADER),
        authority=authority,
        award_kind=kind(award),
        number=number,
        signed_on=on,
        signer_name="Nguyễn Văn Ký",
        signer_title="Trưởng ban",
        recipients=recipients,
    )


@pytest.fixture
def awards(network, former):
    a1_officer = user_with(network.commune_a1, Role.OFFICER)
    committee = user_with(network.province_a_committee, Role.LEADER)
    model = register(network, officer=a1_officer, name="Mô hình “Dân vận khéo” thôn Đông")
    person = DecisionRecipientInput(kind="individual", name="Phạm Văn Tư", unit_name="Thôn Bắc")
    group = DecisionRecipientInput(kind="collective", name="Chi hội Phụ nữ thôn Nam")
    with time_machine.travel(at(11, 20), tick=False):
        made = {
            # Commune A1's proposal for a model: 1 collective, 2 individuals (a form of
            # commendation), signed by the city's People's Committee in the window.
            "proposed": issued(
                network,
                a1_officer,
                committee,
                number="1/QĐ-UBND",
                on=dt.date(2026, 11, 5),
                exemplar=model,
            ),
            # An emulation title for one person, on A1's proposal.
            "title": issued(
                network,
                a1_officer,
                committee,
                number="2/QĐ-UBND",
                on=dt.date(2026, 11, 1),
                award="chien-si-thi-dua-tinh",
                recipients=[PERSON],
            ),
            # Signed by A1 itself on the window's first day.
            "own": _direct(
                network.commune_a1, "giay-khen", "3/QĐ-BDV", dt.date(2026, 10, 15), [person]
            ),
            # On A1's proposal, the day before the window; its own, the day after.
            "before": issued(
                network, a1_officer, committee, number="4/QĐ-UBND", on=dt.date(2026, 10, 14)
            ),
            "after": _direct(
                network.commune_a1, "giay-khen", "5/QĐ-BDV", dt.date(2026, 11, 15), [person]
            ),
            # Commune A2's proposal (counted for the city's commission, not for A1).
            "other": issued(
                network,
                user_with(network.commune_a2, Role.OFFICER),
                committee,
                number="6/QĐ-UBND",
                on=dt.date(2026, 11, 5),
                proposer=network.commune_a2,
            ),
            # Commune A1's People's Committee's own (not under A1's commission).
            "committee": _direct(
                network.commune_a1_committee,
                "giay-khen",
                "7/QĐ-UBND",
                dt.date(2026, 11, 5),
                [group],
            ),
        }
        # The former body's, signed on the window's last day before the merger.
        Organization.objects.filter(pk=former.pk).update(current=None)
        former.refresh_from_db()
        made["former"] = _direct(former, "giay-khen", "8/QĐ-BDV", dt.date(2026, 11, 14), [group])
    Organization.objects.filter(pk=former.pk).update(current=network.commune_a1)
    assert [r.kind for r in made["proposed"].recipients.all()] == [
        COLLECTIVE.kind,
        "individual",
        "individual",
    ]
    return made


# key: {decision: awards counted in it}
AWARDS_COUNTED = {
    "emulation.decisions": {"proposed": 1, "title": 1, "own": 1, "former": 1},
    "emulation.awarded": {"proposed": 3, "title": 1, "own": 1, "former": 1},
    "emulation.awarded.collective": {"proposed": 1, "former": 1},
    "emulation.awarded.individual": {"proposed": 2, "title": 1, "own": 1},
    "emulation.awarded.category.title": {"title": 1},
    "emulation.awarded.category.title.collective": {},
    "emulation.awarded.category.form": {"proposed": 3, "own": 1, "former": 1},
    "emulation.awarded.award.giay-khen": {"own": 1, "former": 1},
    "emulation.awarded.award.giay-khen.collective": {"former": 1},
    "emulation.awarded.award.bang-khen-chu-tich-ubnd-tinh.individual": {"proposed": 2},
    "emulation.awarded.award.chien-si-thi-dua-toan-quoc": {},
    "emulation.awarded.exemplar": {"proposed": 3},
    "emulation.awarded.exemplar.collective": {"proposed": 1},
}


def _total(counted):
    return Decimal(sum(counted.values()))


def test_award_figures_match_the_hand_count_in_one_statement(network, awards):
    counted, statements = _statements_on(
        "emulation_", lambda: figures.count(AWARDS_COUNTED, network.commune_a1.pk, WINDOW)
    )
    assert counted == {k: _total(v) for k, v in AWARDS_COUNTED.items()}
    assert len(statements) == 1
    # The city's commission: its communes' proposals too (A2's: 1 collective, 2 people).
    province = figures.count(
        ["emulation.decisions", "emulation.awarded", "emulation.awarded.individual"],
        network.province_a.pk,
        WINDOW,
    )
    assert province == {
        "emulation.decisions": Decimal(5),
        "emulation.awarded": Decimal(9),
        "emulation.awarded.individual": Decimal(6),
    }
    # The People's Committee counts what it signed, on whoever's proposal.
    committee = figures.count(["emulation.awarded"], network.province_a_committee.pk, WINDOW)
    assert committee == {"emulation.awarded": Decimal(7)}  # proposed, title, other


def test_keys_that_are_not_award_figures(network):
    wrong = [
        "emulation.no_such",
        "emulation.awarded.category.medal",
        "emulation.awarded.exemplar.both",
        "emulation.awarded.award",
    ]
    assert figures.count(wrong, network.commune_a1.pk, WINDOW) == {}
    assert all(figures.records_url(k, network.commune_a1.pk, WINDOW) == "" for k in wrong)


def test_the_award_sources_are_counts_of_every_award_kind(network):
    sources = figures.sources()
    assert {
        "emulation.decisions",
        "emulation.awarded.collective",
        "emulation.awarded.exemplar.individual",
        "emulation.awarded.award.giay-khen.individual",
        "emulation.awarded.award.co-thi-dua-ubnd-tinh",
    } <= set(sources)
    # A title for collectives only has no figure for individuals.
    assert "emulation.awarded.award.co-thi-dua-ubnd-tinh.individual" not in sources
    ours = [s for k, s in sources.items() if k.startswith("emulation.")]
    assert {s.value_type for s in ours} == {"count"}
    label = gettext("Awarded: %(award)s") % {"award": "Giấy khen"}
    assert str(sources["emulation.awarded.award.giay-khen"].label) == label


@pytest.mark.parametrize("key", list(AWARDS_COUNTED))
def test_the_decisions_behind_a_figure_are_exactly_those_counted(network, awards, client, key):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(figures.records_url(key, network.commune_a1.pk, WINDOW))
    assert page.status_code == 200
    listed = {d.pk: d for d in page.context["page"]}
    expected = AWARDS_COUNTED[key]
    assert set(listed) == {awards[name].pk for name in expected}
    if key != "emulation.decisions":
        assert {n: listed[awards[n].pk].n_counted for n in expected} == expected
        if expected:
            assert 'data-testid="counted"' in page.content.decode()


def test_a_figure_without_its_period_lists_no_decision(network, awards, client):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    url = figures.records_url("emulation.awarded", network.commune_a1.pk, WINDOW)
    page = client.get(url.replace("figure_from=15%2F10%2F2026", "figure_from=hôm+qua"))
    assert page.status_code == 200 and list(page.context["page"]) == []


# --- Contests ------------------------------------------------------------------------------


def _team(contest, body, registered_at, members):
    team = Team.objects.create(
        contest=contest, organization=body, name=f"Đội {body.name}", performance_title="Tiểu phẩm"
    )
    Team.objects.filter(pk=team.pk).update(registered_at=registered_at)
    for i in range(members):
        TeamMember.objects.create(team=team, full_name=f"Thành viên {i}", order=i)
    return team


@pytest.fixture
def contests(network, former):
    # The city commission's contest, through every step: four teams of three, the final
    # gives a first, a second, a third and a consolation prize.
    w = published(network)
    Round.objects.filter(pk=w.final.pk).update(held_on=dt.date(2026, 11, 14))  # last day
    registered = {
        "a1": at(10, 15, 0, 0),  # the window's first minute
        "a1c": at(10, 14, 23, 59),  # the evening before
        "a2": at(11, 1),
        "pc": at(11, 14, 23, 59),
    }
    for name, moment in registered.items():
        Team.objects.filter(pk=w.teams[name].pk).update(registered_at=moment)
    Contest.objects.filter(pk=w.contest.pk).update(published_at=at(11, 14, 23, 30))

    # The former body's, in its preliminary round on the first day, one team of two.
    merged = Contest.objects.create(name="Hội thi xã cũ", organizer=former, year=2026)
    Contest.objects.filter(pk=merged.pk).update(status=ContestStatus.PRELIMINARY)
    Round.objects.create(
        contest=merged, kind=RoundKind.PRELIMINARY, name="Vòng 1", held_on=dt.date(2026, 10, 15)
    )
    _team(merged, network.commune_a1, at(10, 15, 0, 1), 2)

    # Commune A1's, still taking teams: its round's date is a plan, not a contest held.
    planned = Contest.objects.create(name="Hội thi xã A1", organizer=network.commune_a1, year=2026)
    Contest.objects.filter(pk=planned.pk).update(status=ContestStatus.REGISTRATION)
    Round.objects.create(
        contest=planned, kind=RoundKind.PRELIMINARY, name="Vòng 1", held_on=dt.date(2026, 10, 20)
    )

    # Commune A2's, just outside the window: held the day before, published the minute after.
    outside = Contest.objects.create(name="Hội thi xã A2", organizer=network.commune_a2, year=2026)
    Contest.objects.filter(pk=outside.pk).update(
        status=ContestStatus.PUBLISHED, published_at=at(11, 15, 0, 0)
    )
    final = Round.objects.create(
        contest=outside, kind=RoundKind.FINAL, name="Chung khảo", held_on=dt.date(2026, 10, 14)
    )
    team = _team(outside, network.commune_a2, at(10, 14, 23, 59), 3)
    RoundResult.objects.create(round=final, team=team, total=90, rank=1, prize="first")

    # Tuyên Quang's, in the window (not under Hà Nội's commission).
    far = Contest.objects.create(
        name="Hội thi Tuyên Quang", organizer=network.province_b, year=2026
    )
    Round.objects.create(
        contest=far, kind=RoundKind.PRELIMINARY, name="Vòng 1", held_on=dt.date(2026, 11, 1)
    )
    _team(far, network.commune_b1, at(11, 1), 3)
    return {"main": w.contest, "merged": merged, "outside": outside, "far": far}


# key: {contest: what it counts}, for the city's commission
CONTESTS_COUNTED = {
    "contests.held": {"main": 1, "merged": 1},
    "contests.concluded": {"main": 1},
    "contests.teams": {"main": 3, "merged": 1},
    "contests.participants": {"main": 9, "merged": 2},
    "contests.prizes": {"main": 4},
    "contests.prizes.first": {"main": 1},
    "contests.prizes.consolation": {"main": 1},
}


def test_contest_figures_match_the_hand_count_in_one_statement(network, contests):
    counted, statements = _statements_on(
        "contests_", lambda: figures.count(CONTESTS_COUNTED, network.province_a.pk, WINDOW)
    )
    assert counted == {k: _total(v) for k, v in CONTESTS_COUNTED.items()}
    assert len(statements) == 1
    # Commune A1 answers for the former body's contest only.
    commune = figures.count(CONTESTS_COUNTED, network.commune_a1.pk, WINDOW)
    assert {k: int(v) for k, v in commune.items() if v} == {
        "contests.held": 1,
        "contests.teams": 1,
        "contests.participants": 2,
    }
    # Commune A2's is outside the window on every count.
    assert not any(figures.count(CONTESTS_COUNTED, network.commune_a2.pk, WINDOW).values())


def test_keys_that_are_not_contest_figures(network):
    wrong = ["contests.no_such", "contests.prizes.gold", "contests.prizes.first.team"]
    assert figures.count(wrong, network.province_a.pk, WINDOW) == {}
    assert all(figures.records_url(k, network.province_a.pk, WINDOW) == "" for k in wrong)
    sources = figures.sources()
    assert {"contests.held", "contests.teams", "contests.prizes.third"} <= set(sources)
    assert {s.value_type for k, s in sources.items() if k.startswith("contests.")} == {"count"}


@pytest.mark.parametrize("key", list(CONTESTS_COUNTED))
def test_the_contests_behind_a_figure_are_exactly_those_counted(network, contests, client, key):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(figures.records_url(key, network.province_a.pk, WINDOW))
    assert page.status_code == 200
    listed = {c.pk: c.n_counted for c in page.context["mine"]}
    assert listed == {contests[name].pk: n for name, n in CONTESTS_COUNTED[key].items()}
    assert not page.context["open"] and not page.context["judged"]


def test_a_contest_figure_without_its_period_lists_nothing(network, contests, client):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    url = figures.records_url("contests.held", network.province_a.pk, WINDOW)
    page = client.get(url.replace("figure_to=14%2F11%2F2026", "figure_to=31%2F02%2F2026"))
    assert page.status_code == 200 and page.context["mine"] == []
