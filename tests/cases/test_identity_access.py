import pytest
from django.core.exceptions import PermissionDenied

from danvan.cases.models import PersonalDataView
from danvan.cases.rules import can_see_petitioner
from danvan.cases.services import identity, workflow
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db


def test_assigned_officer_sees_the_petitioner_and_the_view_is_logged(network, submitted):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.assign(actor=officer, case=submitted.case, officer=officer)
    data = identity.reveal_petitioner(actor=officer, case=submitted.case, purpose="Gọi lại")
    assert data["full_name"] == "Nguyễn Văn Dân"
    view = PersonalDataView.objects.get()
    assert (view.viewer, view.purpose) == (officer, "Gọi lại")


def test_officer_of_the_body_not_assigned_cannot_see_the_petitioner(network, submitted):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        identity.reveal_petitioner(actor=officer, case=submitted.case, purpose="tò mò")
    assert not PersonalDataView.objects.exists()


@pytest.mark.parametrize(
    ("role", "scope", "holder", "allowed"),
    [
        (Role.LEADER, Scope.UNIT, "commune_a1_committee", True),
        (Role.LEADER, Scope.SUBTREE, "province_a", True),
        (Role.LEADER, Scope.SUBTREE, "province_b", False),
        (Role.UNIT_ADMIN, Scope.SUBTREE, "province_a", False),
        (Role.SYSTEM_ADMIN, Scope.SUBTREE, "central", False),
        (Role.OFFICER, Scope.SUBTREE, "province_a", False),
    ],
)
def test_who_may_see_a_petitioner(network, submitted, role, scope, holder, allowed):
    user = user_with(getattr(network, holder), role, scope)
    assert can_see_petitioner(user, submitted.case) is allowed


def test_a_superuser_is_not_shown_a_petitioner_for_being_superuser(network, submitted):
    root = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        identity.reveal_petitioner(actor=root, case=submitted.case, purpose="kiểm tra")
    assert not PersonalDataView.objects.exists()
