"""Every page and endpoint that shows or changes one movement, scoring sheet, proposal or award
decision, for a fixed cast: only current assignments open them; the list filter and the object
rule agree (emulation.access)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.emulation import access, selectors, services
from danvan.emulation.models import (
    AwardDecision,
    ClusterScoring,
    Movement,
    Proposal,
    Registration,
)
from danvan.org.models import EmulationCluster
from tests.emulation.conftest import (  # noqa: F401
    YEAR,
    english_messages,
    fixed_today,
    make_movement,
    private_media,
    submitted,
    with_documents,
)
from tests.emulation.conftest import draft as make_draft
from tests.factories import Role, Scope, UserFactory, user_with
from tests.security.cast import ROLES, cast_member, log_in, refused

pytestmark = pytest.mark.django_db

API = "/api/v1/emulation"
OWNERS = frozenset({"owner", "leader_above"})


def _allowed(status: int) -> bool:
    # Let in: the page, a redirect, or the service's own answer (a state that does not allow
    # the step is a 422, not a refusal).
    return status in (200, 201, 302, 422)


# The records: one owned by the commune A1 (its body) for the cast, one of the province for
# the lower administrator.


def _movement(network, lower):
    if lower:
        officer = user_with(network.province_a, Role.OFFICER)
        return make_movement(network, officer, launch=False), network.province_a
    officer = user_with(network.commune_a1, Role.OFFICER)
    return make_movement(network, officer, organization=network.commune_a1), network.commune_a1


def _scoring(network, lower):
    if lower:
        officer = user_with(network.central, Role.OFFICER, Scope.SUBTREE)
        movement = make_movement(network, officer, organization=network.central)
        cluster = EmulationCluster.objects.create(
            year=YEAR, name="Khối các tỉnh", kind="bloc", organizer=network.central
        )
        cluster.members.set([network.province_a, network.province_b])
        body = network.province_a
    else:
        officer = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
        movement = make_movement(network, officer)
        cluster = EmulationCluster.objects.create(
            year=YEAR, name="Cụm thi đua số 1", kind="cluster", organizer=network.province_a
        )
        cluster.members.set([network.commune_a1, network.commune_a2])
        body = network.commune_a1
    return services.open_scoring(actor=officer, movement=movement, cluster=cluster), body


def _draft(network, lower):
    body = network.province_a if lower else network.commune_a1
    officer = user_with(body, Role.OFFICER)
    return with_documents(make_draft(network, officer, proposer=body), officer), body


def _decision(network, lower):
    body = network.province_a if lower else network.commune_a1
    proposal = submitted(network, user_with(body, Role.OFFICER), proposer=body)
    decision = services.issue_decision(
        actor=user_with(network.province_a_committee, Role.LEADER),
        proposal=proposal,
        number=f"{proposal.pk}/QĐ-UBND",
        signed_on=dt.date(2026, 11, 5),
        signer_name="Nguyễn Văn Ký",
        signer_title="Phó Chủ tịch",
        signing_capacity="KT. CHỦ TỊCH",
    )
    return decision, body


def _state(record):
    fresh = type(record).objects.filter(pk=record.pk).values().get()
    fresh.pop("updated_at", None)
    return (
        fresh,
        record.history.count() if hasattr(record, "history") else 0,
        Registration.objects.count(),
        AwardDecision.objects.count(),
    )


def _page(name):
    return lambda record: reverse(f"emulation:{name}", args=[record.pk])


def _api(path):
    return lambda record: f"{API}/{path.format(pk=record.pk)}"


def _document(p):
    return reverse("emulation:proposal_document", args=[p.pk, p.documents.first().pk])


def _approve(p):
    return reverse("emulation:decision_new") + f"?proposal={p.pk}"


LEADER = frozenset({"leader_above"})
SUBMIT = {"action": "submit", "note": "Kính trình"}

# (name, builder, method, url of the record, data, roles let in)
CASES = [
    ("movement", _movement, "get", _page("movement"), {}, OWNERS),
    ("movement_edit", _movement, "get", _page("movement_edit"), {}, OWNERS),
    ("movement_edit_post", _movement, "post", _page("movement_edit"), {}, OWNERS),
    ("api_movement", _movement, "api_get", _api("movements/{pk}"), {}, OWNERS),
    ("scoring", _scoring, "get", _page("scoring"), {}, OWNERS),
    ("scoring_xlsx", _scoring, "get", _page("scoring_xlsx"), {}, OWNERS),
    ("scoring_close", _scoring, "post", _page("scoring_close"), {}, LEADER),
    ("api_scoring", _scoring, "api_get", _api("scorings/{pk}"), {}, OWNERS),
    ("proposal", _draft, "get", _page("proposal"), {}, OWNERS),
    ("proposal_edit", _draft, "get", _page("proposal_edit"), {}, OWNERS),
    ("proposal_edit_post", _draft, "post", _page("proposal_edit"), {}, OWNERS),
    ("proposal_submit", _draft, "post", _page("proposal"), SUBMIT, OWNERS),
    ("proposal_document", _draft, "get", _document, {}, OWNERS),
    ("decision_new", _draft, "get", _approve, {}, LEADER),
    ("api_submit", _draft, "api_post", _api("proposals/{pk}/submit"), {"note": ""}, OWNERS),
    ("decision", _decision, "get", _page("decision"), {}, OWNERS),
    ("decision_docx", _decision, "get", _page("decision_docx"), {}, OWNERS),
    ("api_decision", _decision, "api_get", _api("decisions/{pk}"), {}, OWNERS),
    ("api_decision_docx", _decision, "api_get", _api("decisions/{pk}/docx"), {}, OWNERS),
]


def _request(client, user, method, url, data):
    if method.startswith("api"):
        _token, raw = issue_api_token(user=user, name="t")
        auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        if method == "api_get":
            return client.get(url, **auth)
        return client.post(url, data, content_type="application/json", **auth)
    log_in(client, user)
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_only_current_staff_over_the_body_open_or_change_the_record(client, network, role, case):
    _name, build, method, url_of, data, let_in = case
    record, body = build(network, lower=role == "lower_admin")
    user = cast_member(role, network, body)
    before = _state(record)
    status = _request(client, user, method, url_of(record), data).status_code
    if role in let_in:
        assert _allowed(status), status
    else:
        assert refused(status), status
        assert _state(record) == before


def test_registering_for_a_movement_needs_a_current_assignment(client, network):
    movement, body = _movement(network, lower=False)
    payload = {
        "movement_id": movement.pk,
        "organization_id": body.pk,
        "year": YEAR,
        "commitments": "Cam kết thi đua.",
    }
    for role in ("stranger", "ex_member", "moved"):
        user = cast_member(role, network, body)
        response = _request(client, user, "api_post", f"{API}/registrations", payload)
        assert refused(response.status_code), (role, response.status_code)
    assert not Registration.objects.exists()


MODELS = [Movement, Registration, ClusterScoring, Proposal, AwardDecision]


@pytest.fixture
def records(network):
    """Records of each kind around Hà Nội's commune A1, Hà Nội and Tuyên Quang, some drafts."""
    _movement(network, lower=False)
    _movement(network, lower=True)
    make_movement(
        network,
        user_with(network.province_b, Role.OFFICER),
        organization=network.province_b,
    )
    launched, _body = _movement(network, lower=False)
    services.register(
        actor=user_with(network.commune_a2, Role.OFFICER),
        movement=make_movement(network, user_with(network.province_a, Role.OFFICER)),
        organization=network.commune_a2,
        year=YEAR,
        commitments="Cam kết thi đua.",
    )
    _scoring(network, lower=False)
    _scoring(network, lower=True)
    _draft(network, lower=False)
    _draft(network, lower=True)
    _decision(network, lower=False)
    _decision(network, lower=True)
    return launched


def _users(network):
    return [
        *(cast_member(role, network, network.commune_a1) for role in ROLES),
        user_with(network.central, Role.OFFICER, Scope.SUBTREE),
        user_with(network.province_a_committee, Role.LEADER),
        user_with(network.commune_a2, Role.OFFICER),
        user_with(network.province_b, Role.UNIT_ADMIN, Scope.SUBTREE),
        UserFactory(is_superuser=True),
        UserFactory(),
    ]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_the_list_filter_and_the_object_rule_agree(network, records, model):
    everything = list(model.objects.all())
    assert everything
    for user in _users(network):
        for action in access.RULES[model]:
            listed = set(access.records_for(model, user, action))
            ruled = {r for r in everything if access.may(user, r, action)}
            assert listed == ruled, (user, model.__name__, action)


def test_a_central_officer_lists_the_drafts_it_may_open(network):
    """Before, the list dropped a draft the detail page opened for a whole-country grant (an
    empty filter vanished in an OR)."""
    proposal, _body = _draft(network, lower=False)
    central = user_with(network.central, Role.OFFICER, Scope.SUBTREE)
    assert access.may(central, proposal, access.Action.VIEW)
    assert proposal in selectors.visible_proposals(central)
