import pytest
from django.urls import reverse

from danvan.org.models import AdminUnit

pytestmark = pytest.mark.django_db


def test_unit_search_ignores_diacritics(client):
    response = client.get(reverse("portal:units"), {"q": "dak lak"})
    names = [u.name for u in response.context["page"]]
    assert "Tỉnh Đắk Lắk" in names


def test_unit_search_answers_htmx_with_the_results_fragment_only(client):
    response = client.get(reverse("portal:units"), {"q": "ha noi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Thành phố Hà Nội" in body
    assert "<html" not in body


def test_units_as_of_a_date_before_the_reform_show_63_provinces(client):
    response = client.get(reverse("portal:units"), {"level": "province", "as_of": "30/06/2025"})
    assert response.context["page"].paginator.count == 63


def test_a_bad_date_gets_a_clear_error_and_today_is_used(client):
    response = client.get(reverse("portal:units"), {"level": "province", "as_of": "31/02/2025"})
    assert response.context["error"]
    assert response.context["page"].paginator.count == 34


def test_former_commune_page_shows_where_its_records_roll_up(client):
    old = AdminUnit.objects.get(level="commune", code="00001", valid_to__isnull=False)
    body = client.get(reverse("portal:unit", args=[old.pk])).content.decode()
    assert old.current.name in body


def test_ids_in_links_and_fields_are_never_written_with_thousand_separators(client):
    # Vietnamese number format writes 10829 as "10.829": fatal in a URL or a form value.
    unit = AdminUnit.objects.current().filter(level="commune", pk__gt=1000).first()
    body = client.get(reverse("portal:units"), {"parent": unit.pk}).content.decode()
    assert f'name="parent" value="{unit.pk}"' in body
    options = client.get(reverse("cases:communes"), {"province": unit.province_id}).content
    assert f'value="{unit.pk}"'.encode() in options


def test_healthz_answers_json_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
