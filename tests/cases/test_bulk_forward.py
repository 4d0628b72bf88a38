"""Forwarding several matters from the inbox to one body: all of them, or none, and the
message names the matter that stopped the batch."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.cases.models import Case, CaseState, CaseTransfer
from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, sign_in, user_with

pytestmark = pytest.mark.django_db


def _cases(network, n, **kw):
    return [
        submit(submission=submission(network, **kw), client="test", idempotency_key=None).case
        for _ in range(n)
    ]


def _post(client, cases, to, **extra):
    return client.post(
        reverse("cases:bulk"),
        {"action": "forward", "codes": [c.tracking_code for c in cases], "to": to.pk, **extra},
        follow=True,
    )


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_leader_forwards_several_matters_to_one_body(network, client):
    cases = _cases(network, 3)
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = _post(client, cases, network.province_a_committee)
    assert response.status_code == 200
    assert Case.objects.filter(organization=network.province_a_committee).count() == 3
    assert CaseTransfer.objects.filter(to_organization=network.province_a_committee).count() == 3
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_one_matter_that_cannot_move_stops_the_batch_and_is_named(network, client):
    cases = _cases(network, 3)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    stuck = cases[1]
    workflow.classify(actor=leader, case=stuck, kind="complaint", field=None)
    workflow.accept(actor=leader, case=stuck)  # accepted matters are not forwarded
    sign_in(client, leader)
    response = _post(client, cases, network.province_a_committee)
    assert not CaseTransfer.objects.exists()
    assert set(Case.objects.values_list("organization", flat=True)) == {
        network.commune_a1_committee.pk
    }
    (message,) = _messages(response)
    assert stuck.tracking_code in message
    assert all(c.tracking_code not in message for c in cases if c != stuck)


def test_a_matter_outside_the_scope_stops_the_batch_and_is_named(network, client):
    mine = _cases(network, 2)
    foreign = _cases(network, 1, unit=network.commune_b1.unit)[0]
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = _post(client, [*mine, foreign], network.province_a_committee)
    assert not CaseTransfer.objects.exists()
    (message,) = _messages(response)
    assert foreign.tracking_code in message


def test_a_body_not_offered_is_refused(network, client):
    cases = _cases(network, 1)
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    # A commune body of another province is not among the bodies the inbox forwards to.
    _post(client, cases, network.commune_b1)
    assert not CaseTransfer.objects.exists()


def test_forward_many_is_all_or_nothing_and_names_the_matter(network):
    cases = _cases(network, 3)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    already = cases[2]
    transfers.forward(actor=leader, case=already, to=network.province_a_committee)
    with pytest.raises(ValidationError) as error:
        transfers.forward_many(actor=leader, cases=cases, to=network.province_a_committee)
    assert already.tracking_code in " ".join(error.value.messages)
    assert CaseTransfer.objects.count() == 1  # only the one forwarded before


def test_forward_many_refuses_a_matter_the_actor_may_not_change(network):
    mine = _cases(network, 1)
    theirs = _cases(network, 1, unit=network.commune_b1.unit)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    with pytest.raises(PermissionDenied) as error:
        transfers.forward_many(
            actor=officer, cases=[*mine, *theirs], to=network.province_a_committee
        )
    assert theirs[0].tracking_code in str(error.value)
    assert not CaseTransfer.objects.exists()


@pytest.mark.parametrize(
    ("holder", "role", "scope", "moved"),
    [
        ("commune_a1_committee", Role.OFFICER, Scope.UNIT, True),
        ("province_a", Role.LEADER, Scope.SUBTREE, True),
        ("province_a", Role.UNIT_ADMIN, Scope.SUBTREE, True),
        ("commune_a2", Role.OFFICER, Scope.UNIT, False),
        ("province_b", Role.LEADER, Scope.SUBTREE, False),
    ],
)
def test_who_may_forward_in_bulk(network, client, holder, role, scope, moved):
    from allauth.mfa.models import Authenticator

    cases = _cases(network, 2)
    user = user_with(getattr(network, holder), role, scope)
    if role == Role.UNIT_ADMIN:  # administrators sign in with a second factor
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    sign_in(client, user)
    _post(client, cases, network.province_a)
    forwarded = Case.objects.filter(organization=network.province_a).count()
    assert forwarded == (2 if moved else 0)


def test_the_inbox_offers_forwarding_to_handlers_only(network, client):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(reverse("cases:inbox"))
    assert network.province_a_committee in page.context["forward_targets"]()
    assert 'value="forward"' in page.content.decode()
    from allauth.mfa.models import Authenticator

    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)  # sees, cannot act
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    sign_in(client, admin)
    page = client.get(reverse("cases:inbox"))
    assert page.status_code == 200 and not page.context["can_forward"]
    assert 'value="forward"' not in page.content.decode()


def test_the_bulk_assign_still_works_without_an_action(network, client):
    cases = _cases(network, 2)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    client.post(
        reverse("cases:bulk"), {"codes": [c.tracking_code for c in cases], "officer": officer.pk}
    )
    assert Case.objects.filter(assigned_to=officer, state=CaseState.RECEIVED).count() == 2
