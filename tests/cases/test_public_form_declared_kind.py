"""The public form (issue 16, point 5): the kind the sender declares, kept beside the officers'
classification by content and never instead of it; and the optional pin on the offline map,
which fills in latitude, longitude and the nearest commune."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.cases.models import Case, CaseKind, SubmissionReceipt
from danvan.cases.models.cases import DeclaredKind
from danvan.cases.services import workflow
from danvan.cases.services.intake import _payload, fingerprint, register_pending, submit
from danvan.cases.services.places import commune_at
from danvan.lib import maps
from danvan.org.models import AdminUnit
from tests.api.helpers import case_payload
from tests.cases.conftest import submission, web_form
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def _post(client, network, **extra):
    return client.post(reverse("cases:submit"), web_form(network, **extra))


# --- The declared kind -----------------------------------------------------------------------


def test_the_kinds_offered_are_the_case_kinds_but_unclassified_plus_i_dont_know():
    expected = [v for v in CaseKind.values if v != CaseKind.UNCLASSIFIED] + ["unknown"]
    assert DeclaredKind.values == expected


def test_the_form_keeps_the_declared_kind_and_leaves_the_classification_to_officers(
    network, client
):
    response = _post(client, network, declared_kind="complaint")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.declared_kind == "complaint"
    assert case.kind == CaseKind.UNCLASSIFIED  # the declaration never classifies
    assert case.get_declared_kind_display() == "Khiếu nại"


def test_i_dont_know_is_kept_as_said_and_saying_nothing_is_blank(network, client):
    _post(client, network, key="k-unknown", declared_kind="unknown")
    _post(client, network, key="k-blank")
    said, blank = Case.objects.order_by("id")
    assert said.declared_kind == "unknown" and said.get_declared_kind_display() == "Tôi không rõ"
    assert blank.declared_kind == "" and blank.get_declared_kind_display() == ""


def test_the_officers_classification_by_content_never_changes_the_declaration(network):
    case = submit(
        submission=submission(network, declared_kind="complaint"),
        client="test",
        idempotency_key="decl",
    ).case
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
    case.refresh_from_db()
    assert (case.kind, case.declared_kind) == ("denunciation", "complaint")


def test_a_kind_not_in_the_list_is_a_vietnamese_form_error_and_nothing_is_saved(network, client):
    response = _post(client, network, declared_kind="unclassified")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hãy chọn một loại trong danh sách" in page
    assert Case.objects.count() == 0 and SubmissionReceipt.objects.count() == 0


def test_the_service_refuses_a_kind_not_in_the_list(network):
    with pytest.raises(ValidationError) as error:
        submit(
            submission=submission(network, declared_kind="lawsuit"),
            client="test",
            idempotency_key="bad-kind",
        )
    assert "declared_kind" in error.value.message_dict


def test_the_form_explains_that_the_body_classifies_by_content(network, client):
    page = client.get(reverse("cases:submit")).content.decode()
    assert "Theo bạn, đây là loại việc gì?" in page
    assert "phân loại đơn theo nội dung, không theo tiêu đề" in page
    assert 'aria-describedby="declared-kind-help"' in page
    for value in DeclaredKind.values:
        assert f'value="{value}"' in page


def test_a_request_without_a_declared_kind_keeps_its_former_fingerprint(network):
    # Receipts stored before the field existed must still match a retry of the same request.
    sub = submission(network)
    assert "declared_kind" not in _payload(sub)
    assert fingerprint(sub) != fingerprint(submission(network, declared_kind="unknown"))


def test_the_api_accepts_the_declared_kind_and_keeps_it_through_registration(network, client):
    response = client.post(
        "/api/v1/cases",
        case_payload(network, declared_kind="denunciation"),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert register_pending() == 1
    case = Case.objects.get()
    assert (case.declared_kind, case.kind) == ("denunciation", CaseKind.UNCLASSIFIED)


def test_the_api_refuses_a_kind_not_in_the_list(network, client):
    response = client.post(
        "/api/v1/cases",
        case_payload(network, declared_kind="unclassified"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert SubmissionReceipt.objects.count() == 0


def test_the_openapi_schema_documents_the_declared_kind(client):
    schema = client.get("/api/openapi.json").json()
    assert "declared_kind" in schema["components"]["schemas"]["CaseIn"]["properties"]


# --- The pin on the map ----------------------------------------------------------------------


def _centre(unit):
    return unit.latitude, unit.longitude


def test_a_pin_stores_latitude_and_longitude_on_the_matter(network, client):
    lat, lon = _centre(network.commune_a1.unit)
    _post(client, network, latitude=f"{lat + 0.001:.5f}", longitude=f"{lon:.5f}")
    case = Case.objects.get()
    assert case.latitude == pytest.approx(lat + 0.001, abs=1e-5)
    assert case.longitude == pytest.approx(lon, abs=1e-5)
    assert case.unit == network.commune_a1.unit  # the chosen commune stands


def test_a_pin_without_a_chosen_commune_places_the_matter_in_the_nearest(network, client):
    lat, lon = _centre(network.commune_a2.unit)
    response = _post(client, network, unit="", latitude=f"{lat:.5f}", longitude=f"{lon:.5f}")
    assert response.status_code == 302
    assert Case.objects.get().unit == network.commune_a2.unit


def test_the_communes_endpoint_picks_the_commune_nearest_a_point(network, client):
    a2 = network.commune_a2.unit
    response = client.get(
        reverse("cases:communes"), {"lat": a2.latitude + 0.002, "lon": a2.longitude}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'<option value="{a2.pk}"[^>]* selected>', html)
    assert f'data-picked="{a2.pk}"' in html
    assert f'data-province="{a2.province_id}"' in html
    view_box = re.search(r'data-view-box="([^"]+)"', html)[1]
    assert view_box != maps.FULL_VIEW  # closed in on the province
    dot = maps.project(a2.latitude, a2.longitude)
    assert f'data-x="{dot.x:g}" data-y="{dot.y:g}"' in html  # where its dot goes on the map
    assert (
        html.count("<option")
        == AdminUnit.objects.current().communes().filter(province_id=a2.province_id).count() + 1
    )


def test_the_communes_endpoint_still_lists_a_province_for_the_select(network, client):
    html = client.get(
        reverse("cases:communes"), {"province": network.province_a.unit_id}
    ).content.decode()
    assert f'value="{network.commune_a1.unit_id}"' in html and " selected" not in html
    assert 'data-picked=""' in html


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("48.8566", "2.3522"), ("19.2", "109.7"), ("abc", "105.8"), ("nan", "105.8")],
    ids=["paris", "hainan", "not-a-number", "nan"],
)
def test_the_communes_endpoint_picks_nothing_outside_viet_nam(network, client, lat, lon):
    response = client.get(reverse("cases:communes"), {"lat": lat, "lon": lon})
    assert response.status_code == 200
    assert 'data-picked=""' in response.content.decode()


def test_an_island_of_truong_sa_belongs_to_its_special_zone():
    song_tu_tay = commune_at(11.43, 114.33)  # ~190 km from the đặc khu's centre
    assert song_tu_tay is not None and song_tu_tay.name == "Đặc khu Trường Sa"
    assert commune_at(16.53, 111.61).name == "Đặc khu Hoàng Sa"


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("48.8566", "2.3522", "nằm ngoài lãnh thổ Việt Nam"),
        ("95", "105.8", "nằm ngoài lãnh thổ Việt Nam"),
        ("19.2", "109.7", "nằm ngoài lãnh thổ Việt Nam"),
        ("abc", "105.8", "Không đọc được vị trí"),
        ("21.03", "", "Không đọc được vị trí"),
        ("inf", "105.8", "Không đọc được vị trí"),
    ],
    ids=["paris", "beyond-the-pole", "hainan", "not-a-number", "half-a-point", "infinite"],
)
def test_a_bad_point_is_a_vietnamese_form_error_never_a_500(network, client, lat, lon, message):
    response = _post(client, network, latitude=lat, longitude=lon)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and 'data-testid="pin-error"' in page
    # The refused point is not sent again with the form.
    assert re.search(r'name="latitude" id="id_latitude" value=""', page)
    assert Case.objects.count() == 0


def test_the_form_draws_the_map_hidden_until_its_script_runs(network, client):
    page = client.get(reverse("cases:submit")).content.decode()
    assert re.search(r"<details class=\"pin-map\" data-pin-map hidden", page)
    assert f'viewBox="{maps.FULL_VIEW}"' in page
    assert "danvan/pin-map.js" in page and "danvan/pin-map.css" in page


def test_after_an_error_the_map_shows_the_province_and_the_pin(network, client):
    lat, lon = _centre(network.commune_a1.unit)
    response = _post(client, network, consent="", latitude=f"{lat}", longitude=f"{lon}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'viewBox="{maps.FULL_VIEW}"' not in page  # closed in on Hà Nội
    assert 'class="pin-marker"' in page and "pin-marker is-empty" not in page
    communes = AdminUnit.objects.current().communes().filter(province_id=network.province_a.unit_id)
    assert page.count("data-unit=") == communes.count()  # the province's communes as dots
    assert page.count('class="is-chosen"') == 1
    assert f'value="{lat}"' in page
