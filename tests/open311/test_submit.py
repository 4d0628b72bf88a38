import re

import pytest
from django.test import Client

from danvan.accounts import services as account_services
from danvan.cases.models import Case, CaseField, Petitioner
from danvan.cases.services.intake import register_pending
from danvan.org.models import AdminUnit
from tests.factories import UserFactory

from .conftest import (
    CREATED_KEYS,
    DESCRIPTION,
    EMAIL,
    NAME_FIRST,
    NAME_LAST,
    PHONE,
    REQUESTS,
    assert_error,
    request_data,
)

pytestmark = pytest.mark.django_db


def test_a_request_makes_a_matter_routed_to_the_commune_of_the_point(post, network, place):
    response = post()
    assert response.status_code == 201
    [created] = response.json()
    assert set(created) == CREATED_KEYS
    assert created["account_id"] is None and created["token"] is None
    case = Case.objects.get()
    assert created["service_request_id"] == case.tracking_code
    assert case.tracking_code in created["service_notice"]
    assert case.channel == "open311"
    assert case.field == CaseField.objects.get(code="giao-thong")
    assert case.unit == place
    assert case.organization == network.commune_a1_committee
    assert case.content == DESCRIPTION
    assert case.title == DESCRIPTION[:80]
    assert case.latitude == pytest.approx(place.latitude + 0.0003)
    petitioner = case.petitioner
    assert not petitioner.anonymous and petitioner.consent_at is not None
    data = petitioner.data()
    assert data["full_name"] == f"{NAME_LAST} {NAME_FIRST}"  # family name first
    assert (data["phone"], data["email"]) == (PHONE, EMAIL)


def test_the_created_request_appears_in_the_list_and_by_id(client, post):
    code = post(publish_content="true").json()[0]["service_request_id"]
    listed = client.get(REQUESTS).json()
    assert [r["service_request_id"] for r in listed] == [code]
    one = client.get(f"/open311/v2/requests/{code}.json").json()
    assert one == listed
    assert one[0]["description"] == DESCRIPTION and one[0]["status"] == "open"


def test_the_same_idempotency_key_twice_makes_one_matter_with_the_same_id(post):
    first = post(headers={"Idempotency-Key": "9b2f0c1e-retry"})
    again = post(headers={"Idempotency-Key": "9b2f0c1e-retry"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Case.objects.count() == 1
    # Keys are the client's own: they never meet the web form's.
    assert Case.objects.get().idempotency_key != "9b2f0c1e-retry"


def test_a_resent_request_from_the_same_device_makes_one_matter(post):
    first = post(device_id="thiet-bi-42")
    again = post(device_id="thiet-bi-42")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    other = post(device_id="thiet-bi-42", description=DESCRIPTION + " Đã ba ngày rồi.")
    assert other.status_code == 201
    assert Case.objects.count() == 2


def test_requests_without_key_or_device_are_separate_matters(post):
    assert post().status_code == post().status_code == 201
    assert Case.objects.count() == 2


def test_a_json_body_is_accepted(client, place):
    data = request_data(place)
    data["lat"], data["long"] = place.latitude, place.longitude  # numbers, not strings
    response = client.post(REQUESTS, data, content_type="application/json")
    assert response.status_code == 201
    register_pending()
    assert Case.objects.get().unit == place


def test_machine_clients_need_no_csrf_token(place):
    client = Client(enforce_csrf_checks=True)
    assert client.post(REQUESTS, request_data(place)).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"description": None}, "description"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"service_code": None}, "service_code"),
        ({"lat": None, "long": None}, "address_string"),
        ({"long": None}, "lat"),
        ({"lat": "north"}, "lat"),
        ({"lat": "91"}, "lat"),
        ({"email": "not-an-address"}, "email"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
    ],
)
def test_missing_or_invalid_parameters_are_400_and_change_nothing(post, overrides, words):
    body = assert_error(post(**overrides), 400)
    assert any(words in e["description"] for e in body)
    assert Case.objects.count() == 0


def test_all_problems_are_reported_at_once(post):
    body = assert_error(post(description=None, service_code=None), 400)
    assert len(body) == 2


def test_a_short_description_gets_the_intake_services_message(post):
    assert_error(post(description="ngắn"), 400)
    assert Case.objects.count() == 0


@pytest.mark.parametrize("code", ["khong-co-dich-vu-nay", "khac"])
def test_an_unknown_or_retired_service_code_is_refused(post, code):
    CaseField.objects.filter(code="khac").update(active=False)
    body = assert_error(post(service_code=code), 400)
    assert code in body[0]["description"]
    assert Case.objects.count() == 0


def test_a_point_outside_the_area_served_is_refused(post):
    assert_error(post(lat="0", long="0"), 400)
    assert Case.objects.count() == 0


def test_an_address_with_pre_2025_names_is_mapped_to_todays_commune(post):
    response = post(
        lat=None, long=None, address_string="Số 5 Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm"
    )
    assert response.status_code == 201
    case = Case.objects.get()
    old = AdminUnit.objects.get(level="commune", name="Phường Hàng Gai", valid_to__isnull=False)
    assert case.unit == old.current and case.unit.valid_to is None
    assert case.address.startswith("Số 5 Hàng Bông")
    assert case.latitude is None


def test_an_address_is_preferred_to_the_point_and_the_point_is_the_fallback(post, place):
    post(address_string="Số 5 Hàng Bông, Phường Hàng Gai, Quận Hoàn Kiếm")
    post(address_string="Một nơi không có tên xã nào")
    hang_gai, unnamed = Case.objects.order_by("id")
    assert hang_gai.unit != place and hang_gai.unit.name != ""
    assert unnamed.unit == place


def test_an_address_naming_no_commune_without_a_point_is_refused(post):
    assert_error(post(lat=None, long=None, address_string="Một nơi không có tên xã nào"), 400)


def test_the_photo_link_is_kept_in_the_text_and_not_fetched(post):
    url = "https://anh.example.vn/ngap-nuoc.jpg"
    assert post(media_url=url).status_code == 201
    assert Case.objects.get().content == f"{DESCRIPTION}\n\nẢnh: {url}"


def test_without_a_phone_or_email_the_request_is_anonymous(post):
    assert post(phone=None, email=None).status_code == 201
    petitioner = Case.objects.get().petitioner
    assert petitioner.anonymous
    assert set(petitioner.data().values()) == {""}


def test_an_api_key_in_the_form_or_as_a_bearer_token_identifies_the_client(post):
    user = UserFactory()
    _token, raw = account_services.issue_api_token(user=user, name="Ứng dụng phản ánh")
    assert post(api_key=raw).status_code == 201
    assert post(headers={"Authorization": f"Bearer {raw}"}).status_code == 201
    digest = Petitioner.account_digest(user.pk)
    assert {c.petitioner.account_index for c in Case.objects.all()} == {digest}


def test_an_invalid_api_key_is_403_and_changes_nothing(post):
    assert_error(post(api_key="khong-hop-le"), 403)
    assert_error(post(headers={"Authorization": "Bearer khong-hop-le"}), 403)
    assert Case.objects.count() == 0


def test_the_same_key_from_two_clients_makes_two_matters(post):
    _token, raw = account_services.issue_api_token(user=UserFactory(), name="Ứng dụng")
    post(headers={"Idempotency-Key": "k-1"})
    post(headers={"Idempotency-Key": "k-1", "Authorization": f"Bearer {raw}"})
    assert Case.objects.count() == 2


def test_a_browser_session_does_not_act_for_the_client(client, post):
    client.force_login(UserFactory())
    assert post().status_code == 201
    assert Case.objects.get().petitioner.account_index == ""


def test_the_notice_gives_the_secret_that_opens_the_matter_on_the_portal(post):
    from danvan.cases.selectors import for_citizen

    created = post().json()[0]
    code = created["service_request_id"]
    [secret] = re.findall(r"\b[0-9A-Z]{10}\b", created["service_notice"])
    assert for_citizen(code, secret) == Case.objects.get()


def test_submissions_are_rate_limited_when_a_rate_is_configured(post, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "open311_submit": "2/m/ip"}
    assert post().status_code == post().status_code == 201
    assert_error(post(), 429)
    assert Case.objects.count() == 2


def test_a_json_body_with_a_list_for_a_value_is_refused(client, place):
    data = {**request_data(place), "description": ["Đoạn đường ngập sâu mỗi khi mưa lớn."]}
    assert_error(client.post(REQUESTS, data, content_type="application/json"), 400)
    assert_error(client.post(REQUESTS, "[1, 2]", content_type="application/json"), 400)
    assert_error(client.post(REQUESTS, "{nope", content_type="application/json"), 400)
