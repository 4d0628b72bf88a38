"""The permission matrix: role × scope × action on a movement of Hà Nội's commission, a
registration and a proposal of commune A1's body, the cluster's scoring sheet, and the
decision of Hà Nội's People's Committee."""

import pytest
from django.contrib.auth.models import AnonymousUser

from danvan.emulation import services
from tests.emulation.conftest import YEAR, issued, submitted
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db

MOVEMENT = {"movement.view", "movement.change"}
REGISTRATION = {"registration.view", "registration.change"}
SCORING = {"scoring.view", "scoring.assess", "scoring.close", "scoring.self_assess"}
PROPOSAL = {"proposal.view", "proposal.change", "proposal.return", "proposal.decide"}
DECISION = {"decision.view", "decision.issue"}
EVERYTHING = MOVEMENT | REGISTRATION | SCORING | PROPOSAL | DECISION
COMMUNE_STAFF = {
    "movement.view",
    *REGISTRATION,
    "scoring.view",
    "scoring.self_assess",
    "proposal.view",
    "proposal.change",
    "decision.view",
}

# (holder, role, scope) → what the user may do
MATRIX = [
    (("commune_a1", Role.OFFICER, Scope.UNIT), COMMUNE_STAFF),
    (("commune_a1", Role.LEADER, Scope.UNIT), COMMUNE_STAFF),
    (("commune_a1", Role.UNIT_ADMIN, Scope.UNIT), COMMUNE_STAFF),
    # Another member of the cluster: sees the province's launched movement and the sheet.
    (("commune_a2", Role.LEADER, Scope.SUBTREE), {"movement.view", "scoring.view"}),
    (
        ("province_a", Role.OFFICER, Scope.SUBTREE),
        EVERYTHING - {"scoring.close", "proposal.decide", "decision.issue"},
    ),
    (("province_a", Role.LEADER, Scope.SUBTREE), EVERYTHING),
    # The launcher and organizer itself (no subtree): its movement, the registrations for it,
    # the sheet it organizes; not the commune's proposal nor the committee's decision.
    (("province_a", Role.LEADER, Scope.UNIT), MOVEMENT | SCORING | {"registration.view"}),
    # The granting body: the provincial People's Committee.
    (
        ("province_a_committee", Role.LEADER, Scope.UNIT),
        {"movement.view", "proposal.view", "proposal.return", "proposal.decide", *DECISION},
    ),
    (
        ("province_a_committee", Role.OFFICER, Scope.UNIT),
        {"movement.view", "proposal.view", "proposal.return", "decision.view"},
    ),
    (("province_b", Role.LEADER, Scope.SUBTREE), set()),
    (("commune_b1", Role.OFFICER, Scope.UNIT), set()),
    (("central", Role.LEADER, Scope.SUBTREE), EVERYTHING),
]


@pytest.fixture
def things(network, movement, cluster, province_officer, commune_officer, committee_leader):
    registration = services.register(
        actor=commune_officer,
        movement=movement,
        organization=network.commune_a1,
        year=YEAR,
        commitments="Cam kết hoàn thành xuất sắc nhiệm vụ.",
    )
    scoring = services.open_scoring(actor=province_officer, movement=movement, cluster=cluster)
    proposal = submitted(network, commune_officer)
    decision = issued(network, commune_officer, committee_leader, number="9/QĐ-UBND")
    return movement, registration, scoring, proposal, decision, network.commune_a1


def allowed(user, things):
    movement, registration, scoring, proposal, decision, member = things
    checks = {
        "movement.view": ("view_movement", movement),
        "movement.change": ("change_movement", movement),
        "registration.view": ("view_registration", registration),
        "registration.change": ("change_registration", registration),
        "scoring.view": ("view_clusterscoring", scoring),
        "scoring.assess": ("assess_clusterscoring", scoring),
        "scoring.close": ("close_clusterscoring", scoring),
        "scoring.self_assess": ("self_assess", (scoring, member)),
        "proposal.view": ("view_proposal", proposal),
        "proposal.change": ("change_proposal", proposal),
        "proposal.return": ("return_proposal", proposal),
        "proposal.decide": ("decide_proposal", proposal),
        "decision.view": ("view_awarddecision", decision),
        "decision.issue": ("issue_awarddecision", decision),
    }
    return {name for name, (perm, obj) in checks.items() if user.has_perm(f"emulation.{perm}", obj)}


@pytest.mark.parametrize(
    ("who", "expected"),
    MATRIX,
    ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else None,
)
def test_emulation_permission_matrix(network, things, who, expected):
    holder, role, scope = who
    user = user_with(getattr(network, holder), role, scope)
    assert allowed(user, things) == expected


def test_a_citizen_and_an_anonymous_visitor_may_do_nothing(network, things):
    for user in (UserFactory(), AnonymousUser()):
        assert allowed(user, things) == set()
        assert not user.has_perm("emulation.add_proposal")
        assert not user.has_perm("emulation.view_movement")


def test_the_granting_body_does_not_see_the_proposers_drafts(network, commune_officer):
    from tests.emulation.conftest import draft

    proposal = draft(network, commune_officer)
    clerk = user_with(network.province_a_committee, Role.LEADER)
    assert not clerk.has_perm("emulation.view_proposal", proposal)


def test_a_draft_movement_is_seen_only_over_its_launcher(network, province_officer):
    from tests.emulation.conftest import make_movement

    draft = make_movement(network, province_officer, launch=False)
    assert province_officer.has_perm("emulation.view_movement", draft)
    assert not user_with(network.commune_a1, Role.OFFICER).has_perm(
        "emulation.view_movement", draft
    )


def test_only_system_administrators_edit_award_kinds(network):
    assert UserFactory(is_superuser=True).has_perm("emulation.change_awardkind")
    assert user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE).has_perm(
        "emulation.change_awardkind"
    )
    assert not user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE).has_perm(
        "emulation.change_awardkind"
    )
