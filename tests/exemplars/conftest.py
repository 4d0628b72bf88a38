import datetime as dt

import pytest
import time_machine

from danvan.exemplars import services
from danvan.exemplars.models import SubField
from tests.factories import Role, Scope, user_with

YEAR = 2026
# The day the exemplar tests live on (Hà Nội time): decisions and reviews are dated before it.
TODAY = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def fixed_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def register(network, officer=None, **overrides):
    values = {
        "actor": officer or user_with(network.commune_a1, Role.OFFICER),
        "organization": network.commune_a1,
        "kind": "collective",
        "name": "Tổ tự quản đường hoa",
        "holder_name": "Thôn Đông",
        "field": "culture_society",
        "year": YEAR,
        "description": "Nhân dân góp công, góp đất trồng và chăm sóc 2 km đường hoa.",
        "subfields": [SubField.objects.get(code="moi-truong")],
        "results": {"land_donated": "1.250", "road_built": 2},
    }
    values.update(overrides)
    return services.register(**values)


@pytest.fixture
def province_officer(network):
    return user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)


@pytest.fixture
def province_leader(network):
    return user_with(network.province_a, Role.LEADER, Scope.SUBTREE)


FULL_MARKS = {"hieu-qua": 36, "sang-tao": 15, "lan-toa": 16, "dong-thuan": 18}
LOW_MARKS = {"hieu-qua": 10, "sang-tao": 5, "lan-toa": 5, "dong-thuan": 5}


def built(network, **kw):
    """A model registered and being built."""
    exemplar = register(network, **kw)
    services.start_building(actor=exemplar.registered_by, exemplar=exemplar)
    return exemplar


def evaluated(network, province_officer, **kw):
    """A model built and passed by the province's evaluation."""
    exemplar = built(network, **kw)
    services.evaluate(
        actor=province_officer, exemplar=exemplar, by=network.province_a, scores=FULL_MARKS
    )
    return exemplar


def recognized(network, province_officer, province_leader, *, on=dt.date(2026, 5, 20), **kw):
    """A model registered, built, evaluated and recognized at province level on `on`."""
    exemplar = evaluated(network, province_officer, **kw)
    services.recognize(
        actor=province_leader,
        exemplar=exemplar,
        by=network.province_a,
        decision_number=f"{exemplar.pk}/QĐ-BTGDV",
        decision_date=on,
    )
    return exemplar
