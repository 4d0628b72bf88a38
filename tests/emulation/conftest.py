"""Shared setup for the emulation tests: a launched movement of Hà Nội's commission, a cluster
of two Hà Nội communes organized by it, award kinds (seeded by the migration), proposals
ready to submit, and a day to live on."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from danvan.emulation import services
from danvan.emulation.models import AwardKind
from danvan.emulation.services import CriterionInput, RecipientInput
from danvan.org.models import EmulationCluster, OrganizationKind
from tests.factories import Role, Scope, make_org, user_with

YEAR = 2026
# The day the emulation tests live on (Hà Nội time).
TODAY = dt.datetime(2026, 11, 23, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))

CRITERIA = [
    CriterionInput("Thực hiện nhiệm vụ chính trị", "40"),
    CriterionInput("Công tác dân vận", "30"),
    CriterionInput("Xây dựng tổ chức", "30"),
]


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def english_messages():
    # The services' messages are matched in English (their msgids), whatever the
    # translations say; pages are requested in the site's language as usual.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def kind(code: str) -> AwardKind:
    return AwardKind.objects.get(code=code)


@pytest.fixture
def province_officer(network):
    return user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)


@pytest.fixture
def province_leader(network):
    return user_with(network.province_a, Role.LEADER, Scope.SUBTREE)


@pytest.fixture
def committee_leader(network):
    """A leader of Hà Nội's People's Committee (grants the Chairman's Certificate of merit)."""
    return user_with(network.province_a_committee, Role.LEADER)


@pytest.fixture
def commune_officer(network):
    return user_with(network.commune_a1, Role.OFFICER)


def make_movement(network, actor, *, launch=True, **overrides):
    values = {
        "actor": actor,
        "organization": network.province_a,
        "name": "Phong trào thi đua “Dân vận khéo” giai đoạn 2026–2030",
        "start_date": dt.date(2026, 1, 1),
        "end_date": dt.date(2030, 12, 31),
        "description": "Thi đua thực hiện tốt công tác dân vận trong hệ thống chính trị.",
        "criteria": CRITERIA,
    }
    values.update(overrides)
    movement = services.create_movement(**values)
    if launch:
        services.launch_movement(actor=actor, movement=movement)
    return movement


@pytest.fixture
def movement(network, province_officer):
    return make_movement(network, province_officer)


@pytest.fixture
def cluster(network):
    c = EmulationCluster.objects.create(
        year=YEAR, name="Cụm thi đua số 1", kind="cluster", organizer=network.province_a
    )
    c.members.set([network.commune_a1, network.commune_a2])
    return c


@pytest.fixture
def government(network):
    """The Government's office, a central state agency: grants the Prime Minister's awards."""
    return make_org(unit=None, kind=OrganizationKind.STATE_AGENCY, name="Văn phòng Chính phủ")


def pdf(name="to-trinh.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4 " + name.encode() + b"\n%%EOF\n", content_type="application/pdf"
    )


COLLECTIVE = RecipientInput(
    kind="collective", name="Thôn Đông", achievements="Hoàn thành xuất sắc nhiệm vụ năm 2026."
)
PERSON = RecipientInput(
    kind="individual",
    name="Trần Thị Bí Mật",
    position="Trưởng thôn",
    unit_name="Thôn Đông, xã A1",
    achievements="Vận động nhân dân hiến 1.250 m² đất làm đường.",
)
CONSENTING = RecipientInput(
    kind="individual",
    name="Lê Văn Công Khai",
    position="Bí thư chi bộ",
    unit_name="Thôn Tây",
    achievements="Dẫn đầu phong trào.",
    public_consent=True,
)


def draft(network, actor, *, award="bang-khen-chu-tich-ubnd-tinh", authority=None, **kw):
    values = {
        "actor": actor,
        "proposer": network.commune_a1,
        "award_kind": kind(award),
        "authority": authority or network.province_a_committee,
        "year": YEAR,
        "summary": "Thành tích xuất sắc trong phong trào thi đua Dân vận khéo năm 2026.",
        "recipients": [COLLECTIVE, PERSON, CONSENTING],
        "reference": "45/TTr-BDV",
    }
    values.update(kw)
    return services.create_proposal(**values)


def with_documents(proposal, actor):
    services.attach_documents(
        actor=actor, proposal=proposal, doc_type="submission", files=[pdf("to-trinh.pdf")]
    )
    services.attach_documents(
        actor=actor, proposal=proposal, doc_type="report", files=[pdf("bao-cao.pdf")]
    )
    return proposal


def submitted(network, actor, **kw):
    proposal = with_documents(draft(network, actor, **kw), actor)
    return services.submit(actor=actor, proposal=proposal)


def issued(network, proposer_actor, leader, *, number="123/QĐ-UBND", on=None, **kw):
    proposal = submitted(network, proposer_actor, **kw)
    return services.issue_decision(
        actor=leader,
        proposal=proposal,
        number=number,
        signed_on=on or dt.date(2026, 11, 5),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
        signing_capacity="KT. CHỦ TỊCH",
    )
