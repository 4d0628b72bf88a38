"""Shared pieces of the supervision tests (imported by the test_supervision_* modules): a
programme of the city's Front with a delegation, a finding at commune c1's People's
Committee and a recommendation to it; stored files go to a temporary folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from danvan.participation.models import (
    Delegation,
    Finding,
    Recommendation,
    SupervisionForm,
    SupervisionProgramme,
)
from danvan.participation.services import supervision as services

__all__ = ["frozen", "media", "supervised"]  # the fixtures, for `import *`

# Today in these tests: 05/12/2026, 09:00 in Hà Nội.
NOW = dt.datetime(2026, 12, 5, 2, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 5)


@dataclass
class Supervised:
    programme: SupervisionProgramme
    delegation: Delegation
    finding: Finding
    rec: Recommendation


def make_supervised(p, organizer=None, actor=None, addressed_to=None) -> Supervised:  # type: ignore[no-untyped-def]
    organizer = organizer or p.city_front
    actor = actor or p.city_front_officer
    programme = services.create_programme(
        organizer=organizer,
        year=2026,
        title="Giám sát việc giải quyết đơn thư",
        form=SupervisionForm.DELEGATION,
        actor=actor,
    )
    delegation = services.add_delegation(
        programme=programme,
        name="Đoàn giám sát số 1",
        head_name="Nguyễn Văn A",
        bodies=[p.c1],
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2026, 11, 10),
        actor=actor,
    )
    finding = services.add_finding(
        programme=programme,
        delegation=delegation,
        body=p.c1,
        text="Còn 12 đơn quá hạn giải quyết.",
        found_on=dt.date(2026, 11, 5),
        actor=actor,
    )
    rec = services.add_recommendation(
        programme=programme,
        finding=finding,
        addressed_to=addressed_to or p.c1,
        text="Giải quyết dứt điểm các đơn quá hạn.",
        sent_on=dt.date(2026, 11, 20),
        actor=actor,
    )
    return Supervised(programme, delegation, finding, rec)


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield TODAY


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def supervised(participating, frozen) -> Supervised:  # type: ignore[no-untyped-def]
    return make_supervised(participating)
