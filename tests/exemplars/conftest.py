import datetime as dt

import pytest
import time_machine
from django.urls import reverse

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


def detail_url(exemplar):
    """The public page of a model."""
    return reverse("exemplars:public_detail", args=[exemplar.pk])


def recognized_in_tuyen_quang(network, *, on=dt.date(2026, 2, 1), **kw):
    """A model of a Tuyên Quang commune, recognized by the province."""
    exemplar = register(
        network,
        officer=user_with(network.commune_b1, Role.OFFICER),
        organization=network.commune_b1,
        **kw,
    )
    services.start_building(actor=exemplar.registered_by, exemplar=exemplar)
    services.evaluate(
        actor=user_with(network.province_b, Role.OFFICER, Scope.SUBTREE),
        exemplar=exemplar,
        by=network.province_b,
        scores=FULL_MARKS,
    )
    services.recognize(
        actor=user_with(network.province_b, Role.LEADER, Scope.SUBTREE),
        exemplar=exemplar,
        by=network.province_b,
        decision_number=f"{exemplar.pk}/QĐ-TQ",
        decision_date=on,
    )
    return exemplar


@pytest.fixture
def spread(network, province_officer, province_leader):
    """In Hà Nội: a collective model (culture and society, province level), an individual
    (economy, with consent) and a collective raised to central level; in Tuyên Quang: a
    collective; and one registered only."""
    flowers = recognized(network, province_officer, province_leader, on=dt.date(2026, 3, 1))
    donor = recognized(
        network,
        province_officer,
        province_leader,
        on=dt.date(2026, 4, 1),
        kind="individual",
        name="Người hiến đất mở đường",
        holder_name="Nguyễn Văn Hiến",
        public_consent=True,
        field="economy",
        subfields=[SubField.objects.get(code="nong-thon-moi")],
        description="Hiến 500 m² đất để mở rộng đường liên thôn cho cả xóm.",
    )
    kitchen = recognized(
        network,
        province_officer,
        province_leader,
        on=dt.date(2026, 5, 1),
        name="Bếp ăn nghĩa tình",
        description="Nấu cơm miễn phí cho người bệnh nghèo ở trạm y tế mỗi tuần.",
    )
    services.recognize(
        actor=user_with(network.central, Role.LEADER, Scope.SUBTREE),
        exemplar=kitchen,
        by=network.central,
        decision_number="7/QĐ-TW",
        decision_date=dt.date(2026, 9, 1),
    )
    highland = recognized_in_tuyen_quang(
        network,
        on=dt.date(2026, 6, 1),
        name="Dân vận khéo vùng cao",
        description="Cán bộ bám bản, cùng ăn cùng ở cùng làm với đồng bào.",
    )
    register(network, name="Mô hình mới đăng ký", description="Mới đăng ký, chưa được công nhận.")
    return {"flowers": flowers, "donor": donor, "kitchen": kitchen, "highland": highland}
