import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from danvan.cases.models import Case, CaseEvent, Petitioner
from danvan.cases.services.intake import PersonData, submit
from danvan.org.models import AdminUnit
from tests.cases.conftest import submission

pytestmark = pytest.mark.django_db


def test_submission_creates_a_case_routed_to_the_communes_peoples_committee(network):
    result = submit(submission=submission(network), client="test", idempotency_key="k1")
    case = result.case
    assert result.created
    assert case.tracking_code.startswith("DV")
    assert case.organization == network.commune_a1_committee
    assert case.province_id == network.province_a.unit_id
    assert CaseEvent.objects.filter(case=case, kind="submitted", visibility="public").exists()


def test_the_same_submission_twice_makes_one_case_with_the_same_code_and_secret(network):
    first = submit(submission=submission(network), client="test", idempotency_key="same")
    again = submit(submission=submission(network), client="test", idempotency_key="same")
    assert not again.created
    assert again.case.pk == first.case.pk
    assert again.secret == first.secret
    assert Case.objects.count() == 1


def test_submissions_without_a_key_are_separate_cases(network):
    submit(submission=submission(network), client="test", idempotency_key=None)
    submit(submission=submission(network), client="test", idempotency_key=None)
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"content": "ngắn"}, "content"),
        ({"unit": None}, "unit"),
        ({"person": PersonData(full_name="A", phone="0912345678", consent=False)}, "consent"),
        ({"person": PersonData(full_name="A", consent=True)}, "phone"),
    ],
)
def test_bad_submission_gets_a_clear_error_and_changes_nothing(network, overrides, field):
    with pytest.raises(ValidationError) as error:
        submit(submission=submission(network, **overrides), client="test", idempotency_key="bad")
    assert field in error.value.message_dict
    assert error.value.message_dict[field][0]
    assert Case.objects.count() == 0 and Petitioner.objects.count() == 0


def test_an_address_with_pre_2025_names_is_mapped_to_todays_commune(network):
    sub = submission(
        network, unit=None, address="Số 5 Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm, Hà Nội"
    )
    case = submit(submission=sub, client="test", idempotency_key="addr").case
    old = AdminUnit.objects.get(level="commune", name="Phường Hàng Gai", valid_to__isnull=False)
    assert case.unit == old.current
    assert case.unit.valid_to is None


def test_personal_data_is_encrypted_at_rest(network):
    case = submit(submission=submission(network), client="test", idempotency_key="enc").case
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_petitioner WHERE case_id = %s", [case.pk])
        raw = " ".join(str(v) for v in cursor.fetchone())
    assert "0912" not in raw and "Nguyễn" not in raw and "dan@example.vn" not in raw
    assert case.petitioner.data()["phone"] == "0912 345 678"


def test_anonymous_submission_stores_no_personal_data(network):
    sub = submission(
        network,
        person=PersonData(full_name="Ai đó", phone="0900000000", anonymous=True, consent=True),
    )
    case = submit(submission=sub, client="test", idempotency_key="anon").case
    assert case.petitioner.anonymous
    assert case.petitioner.data() == dict.fromkeys(case.petitioner.data(), "")


def test_an_address_with_todays_names_is_understood(network):
    sub = submission(network, unit=None, address="12 Điện Biên Phủ, Phường Ba Đình, Hà Nội")
    case = submit(submission=sub, client="test", idempotency_key="addr-new").case
    assert case.unit.code == "00004" and case.unit.valid_to is None


def test_routing_costs_the_same_queries_however_many_rules(network, django_assert_max_num_queries):
    from danvan.cases.models import RoutingRule
    from danvan.cases.services.routing import competent_organization

    unit = network.commune_a1.unit
    with django_assert_max_num_queries(2) as few:
        assert (
            competent_organization(unit=unit, field=None, kind="") == network.commune_a1_committee
        )
    for kind in ("fatherland_front", "farmers", "women", "youth"):
        RoutingRule.objects.create(level="commune", organization_kind=kind, priority=200)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert (
            competent_organization(unit=unit, field=None, kind="") == network.commune_a1_committee
        )
