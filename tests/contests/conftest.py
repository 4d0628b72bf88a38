"""A contest of the Hà Nội commission (province A), built step by step:

- criteria: Nội dung /40 (tie-break 1), Hình thức /30 (tie-break 2), Hiệu quả /30;
- preliminary round "Cụm 1" = a named group (commune A1's commission and People's
  Committee), "Cụm 2" = an emulation cluster (commune A2's commission, the city's People's
  Committee); the final;
- three judges per round, the first the head judge; in Cụm 1 the third judge works for
  commune A1's commission, whose team they may not score.
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest
import time_machine

from danvan.contests import services
from danvan.contests.models import Contest, Judge, Round, RoundKind, Team
from danvan.org.models import EmulationCluster
from tests.factories import Role, Scope, UserFactory, user_with

YEAR = 2026
TODAY = dt.datetime(2026, 9, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def fixed_today():
    with time_machine.travel(TODAY, tick=False):
        yield


CRITERIA = [
    services.CriterionInput("Nội dung", "40", "1", tie_break=1),
    services.CriterionInput("Hình thức", "30", "1", tie_break=2),
    services.CriterionInput("Hiệu quả", "30", "1"),
]

MEMBERS = [
    services.MemberInput("Nguyễn Thị Lan", "Phó Chủ tịch UBND xã", "captain"),
    services.MemberInput("Trần Văn Nam", "Bí thư Chi bộ thôn"),
    services.MemberInput("Lê Thị Hoa", "Chi hội trưởng Phụ nữ"),
]


@dataclass
class World:
    network: object
    organizer: object
    contest: Contest
    round1: Round | None = None
    round2: Round | None = None
    final: Round | None = None
    judges: dict[str, Judge] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    staff: dict[str, object] = field(default_factory=dict)

    def refresh(self):
        self.contest.refresh_from_db()
        for r in (self.round1, self.round2, self.final):
            if r is not None:
                r.refresh_from_db()
        return self

    def judge(self, key):
        return self.judges[key].user


def new_contest(network, organizer=None, **settings):
    organizer = organizer or user_with(network.province_a, Role.OFFICER)
    values = {"name": "Hội thi “Dân vận khéo” Thành phố Hà Nội", "year": YEAR, **settings}
    contest = services.create_contest(
        actor=organizer,
        organizer=network.province_a,
        settings=services.ContestSettings(**values),
    )
    return organizer, contest


def drafted(network, **settings) -> World:
    """Criteria, two preliminary rounds (a group, a cluster) and the final, with judges."""
    organizer, contest = new_contest(network, **settings)
    w = World(network, organizer, contest)
    services.set_criteria(actor=organizer, contest=contest, criteria=CRITERIA)
    cluster = EmulationCluster.objects.create(
        year=YEAR, name="Cụm thi đua số 2", kind="cluster", organizer=network.province_a
    )
    cluster.members.set([network.commune_a2, network.province_a_committee])
    w.round1 = services.add_round(
        actor=organizer,
        contest=contest,
        kind=RoundKind.PRELIMINARY,
        name="Cụm 1",
        bodies=[network.commune_a1, network.commune_a1_committee],
        held_on=dt.date(2026, 10, 5),
        place="Hội trường xã",
    )
    w.round2 = services.add_round(
        actor=organizer, contest=contest, kind=RoundKind.PRELIMINARY, name="Cụm 2", cluster=cluster
    )
    w.final = services.add_round(
        actor=organizer, contest=contest, kind=RoundKind.FINAL, name="Chung khảo"
    )
    judge_bodies = {
        "r1a": network.central,
        "r1b": network.province_b,
        "r1c": network.commune_a1,  # in conflict with commune A1's team
        "r2a": network.central,
        "r2b": network.province_b,
        "r2c": network.commune_b1,
        "fa": network.central,
        "fb": network.province_b,
        "fc": network.commune_b1,
    }
    for key, body in judge_bodies.items():
        round_ = {"r1": w.round1, "r2": w.round2, "f": w.final}[key[:-1]]
        user = user_with(body, Role.OFFICER)
        w.judges[key] = services.assign_judge(
            actor=organizer, round=round_, user=user, is_head=key.endswith("a")
        )
    return w


TEAM_BODIES = {
    "a1": "commune_a1",
    "a1c": "commune_a1_committee",
    "a2": "commune_a2",
    "pc": "province_a_committee",
}


def registered(network, **settings) -> World:
    w = drafted(network, **settings)
    services.open_registration(actor=w.organizer, contest=w.contest)
    for key, holder in TEAM_BODIES.items():
        body = getattr(network, holder)
        staff = user_with(body, Role.OFFICER)
        w.staff[key] = staff
        w.teams[key] = services.register_team(
            actor=staff,
            contest=w.contest,
            organization=body,
            name=f"Đội {body.name}",
            performance_title=f"Tiểu phẩm {key}",
            members=MEMBERS,
        )
    return w


def preliminary(network, **settings) -> World:
    w = registered(network, **settings)
    services.start_preliminary(actor=w.organizer, contest=w.contest)
    return w.refresh()


# Scores per team: (Nội dung, Hình thức, Hiệu quả) from each judge of its round.
ROUND1 = {
    "a1": {"r1a": (30, 25, 20), "r1b": (32, 24, 22)},  # r1c in conflict
    "a1c": {"r1a": (28, 20, 20), "r1b": (30, 22, 20), "r1c": (29, 21, 19)},
}
ROUND2 = {
    "a2": {"r2a": (35, 25, 25), "r2b": (33, 27, 24), "r2c": (34, 26, 25)},
    "pc": {"r2a": (30, 20, 20), "r2b": (31, 21, 21), "r2c": (29, 22, 20)},
}


def score(w, table, submit=True):
    criteria = list(w.contest.criteria.order_by("position"))
    for team_key, by_judge in table.items():
        for judge_key, values in by_judge.items():
            judge = w.judges[judge_key]
            services.record_scores(
                actor=judge.user,
                round=judge.round,
                team=w.teams[team_key],
                scores={c.pk: str(v) for c, v in zip(criteria, values, strict=True)},
            )
    if submit:
        for judge_key in {j for by_judge in table.values() for j in by_judge}:
            judge = w.judges[judge_key]
            services.submit_sheet(actor=judge.user, round=judge.round)


def preliminaries_closed(network, **settings) -> World:
    w = preliminary(network, **settings)
    score(w, ROUND1)
    score(w, ROUND2)
    services.close_round(actor=w.judge("r1a"), round=w.round1)
    services.close_round(actor=w.organizer, round=w.round2)
    return w.refresh()


FINAL = {
    "a1": {"fa": (36, 27, 27), "fb": (35, 26, 26), "fc": (36, 28, 27)},
    "a1c": {"fa": (30, 25, 25), "fb": (31, 24, 25), "fc": (30, 25, 24)},
    "a2": {"fa": (33, 26, 26), "fb": (34, 26, 25), "fc": (35, 27, 25)},
    "pc": {"fa": (29, 20, 20), "fb": (30, 21, 21), "fc": (29, 22, 20)},
}


def in_final(network, **settings) -> World:
    w = preliminaries_closed(network, advance_count=2, **settings)
    services.advance_to_final(actor=w.organizer, contest=w.contest)
    return w.refresh()


def published(network, **settings) -> World:
    w = in_final(network, **settings)
    score(w, FINAL)
    services.close_round(actor=w.judge("fa"), round=w.final)
    services.publish_results(actor=w.organizer, contest=w.contest)
    return w.refresh()


@pytest.fixture
def citizen(db):
    return UserFactory()


__all__ = ["Role", "Scope", "user_with"]
