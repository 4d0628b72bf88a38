"""The public showcase: a searchable, filterable gallery of recognized models and a page per
model, with a person's name only when they agreed to be shown."""

import datetime as dt

import pytest
from django.urls import reverse

from danvan.exemplars import services, showcase
from danvan.exemplars.models import SubField
from tests.exemplars.conftest import detail_url, recognized, recognized_in_tuyen_quang, register
from tests.factories import Role, Scope, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

GALLERY = reverse("exemplars:gallery")


def names(response):
    return [e.name for e in response.context["page"].object_list]


def test_the_gallery_lists_only_recognized_models_newest_recognized_first(client, spread):
    response = client.get(GALLERY)
    assert response.status_code == 200
    assert names(response) == [
        "Dân vận khéo vùng cao",
        "Bếp ăn nghĩa tình",
        "Người hiến đất mở đường",
        "Tổ tự quản đường hoa",
    ]
    assert "Mô hình mới đăng ký" not in response.content.decode()
    assert detail_url(spread["kitchen"]) in response.content.decode()


def test_a_card_shows_the_place_year_and_a_collectives_name(client, spread, network):
    html = client.get(GALLERY).content.decode()
    assert "Thôn Đông" in html  # the collective holding the model
    assert network.commune_a1.unit.name in html
    assert network.province_b.unit.name in html
    assert "2026" in html


@pytest.mark.parametrize("q", ["duong hoa", "ĐƯỜNG HOA", "tổ tự quản"])
def test_the_search_ignores_diacritics_and_case(client, spread, q):
    assert names(client.get(GALLERY, {"q": q})) == ["Tổ tự quản đường hoa"]


def test_every_word_of_the_search_must_match(client, spread):
    assert names(client.get(GALLERY, {"q": "duong lien thon"})) == ["Người hiến đất mở đường"]
    assert names(client.get(GALLERY, {"q": "duong hoa nghia tinh"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "individual"}, {"Người hiến đất mở đường"}),
        (
            {"kind": "collective"},
            {"Tổ tự quản đường hoa", "Bếp ăn nghĩa tình", "Dân vận khéo vùng cao"},
        ),
        ({"field": "economy"}, {"Người hiến đất mở đường"}),
        ({"level": "central"}, {"Bếp ăn nghĩa tình"}),
        ({"level": "commune"}, set()),
        ({"kind": "collective", "level": "province", "q": "duong"}, {"Tổ tự quản đường hoa"}),
    ],
)
def test_filters_by_kind_field_and_level(client, spread, params, expected):
    assert set(names(client.get(GALLERY, params))) == expected


def test_filter_by_province(client, spread, network):
    hanoi, tuyen_quang = network.province_a.unit, network.province_b.unit
    response = client.get(GALLERY, {"province": hanoi.pk})
    assert set(names(response)) == {
        "Tổ tự quản đường hoa",
        "Người hiến đất mở đường",
        "Bếp ăn nghĩa tình",
    }
    assert hanoi in response.context["provinces"]
    assert tuyen_quang in response.context["provinces"]
    assert names(client.get(GALLERY, {"province": tuyen_quang.pk})) == ["Dân vận khéo vùng cao"]


def test_unknown_filter_values_are_ignored(client, spread):
    response = client.get(GALLERY, {"kind": "group", "level": "x", "province": "abc", "page": "z"})
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_the_filters_travel_in_the_page_links(client, network, spread, monkeypatch):
    monkeypatch.setattr(showcase, "PER_PAGE", 2)
    first = client.get(GALLERY, {"kind": "collective"})
    assert names(first) == ["Dân vận khéo vùng cao", "Bếp ăn nghĩa tình"]
    assert "kind=collective&amp;page=2" in first.content.decode()
    second = client.get(GALLERY, {"kind": "collective", "page": 2})
    assert names(second) == ["Tổ tự quản đường hoa"]


HIDDEN = "Trần Thị Kín Tiếng"


@pytest.fixture
def shy(network, province_officer, province_leader):
    """An individual exemplar who did not agree to be shown."""
    return recognized(
        network,
        province_officer,
        province_leader,
        kind="individual",
        name="Người mẹ đỡ đầu học sinh nghèo",
        holder_name=HIDDEN,
        public_consent=False,
        description="Nhận đỡ đầu mười học sinh nghèo vượt khó trong xã.",
    )


def test_an_individual_without_consent_has_no_name_on_the_gallery_or_the_page(client, shy):
    gallery = client.get(GALLERY).content.decode()
    assert "Người mẹ đỡ đầu học sinh nghèo" in gallery
    assert HIDDEN not in gallery
    page = client.get(detail_url(shy)).content.decode()
    assert "Người mẹ đỡ đầu học sinh nghèo" in page
    assert HIDDEN not in page


def test_the_search_does_not_find_a_model_by_the_name_of_a_person_who_did_not_agree(client, shy):
    assert names(client.get(GALLERY, {"q": "tran thi kin tieng"})) == []
    assert names(client.get(GALLERY, {"q": "kín tiếng"})) == []
    # The model itself is still found by its own words.
    assert names(client.get(GALLERY, {"q": "do dau hoc sinh"})) == [
        "Người mẹ đỡ đầu học sinh nghèo"
    ]


def test_an_individual_who_agreed_is_named_and_found_by_name(client, spread):
    donor = spread["donor"]
    assert "Nguyễn Văn Hiến" in client.get(GALLERY).content.decode()
    assert "Nguyễn Văn Hiến" in client.get(detail_url(donor)).content.decode()
    assert names(client.get(GALLERY, {"q": "nguyen van hien"})) == ["Người hiến đất mở đường"]


def test_the_page_of_a_model_not_recognized_is_not_found(client, network):
    registered = register(network)
    assert client.get(detail_url(registered)).status_code == 404
    services.start_building(actor=registered.registered_by, exemplar=registered)
    assert client.get(detail_url(registered)).status_code == 404
    assert client.get(reverse("exemplars:public_detail", args=[987654])).status_code == 404


def test_the_page_of_a_model_not_passed_is_not_found(client, network, province_officer):
    from tests.exemplars.conftest import LOW_MARKS

    failed = register(network)
    services.start_building(actor=failed.registered_by, exemplar=failed)
    services.evaluate(
        actor=province_officer, exemplar=failed, by=network.province_a, scores=LOW_MARKS
    )
    failed.refresh_from_db()
    assert failed.state == "not_recognized"
    assert client.get(detail_url(failed)).status_code == 404


def test_the_page_shows_the_model_its_decisions_results_and_replications(
    client, network, province_officer, province_leader
):
    exemplar = recognized(
        network,
        province_officer,
        province_leader,
        on=dt.date(2026, 5, 20),
        latitude=21.0285,
        longitude=105.8542,
    )
    services.recognize(
        actor=user_with(network.central, Role.LEADER, Scope.SUBTREE),
        exemplar=exemplar,
        by=network.central,
        decision_number="7/QĐ-TW",
        decision_date=dt.date(2026, 9, 1),
    )
    for body in (network.commune_a2, network.commune_b1):
        services.record_replication(
            actor=user_with(body, Role.OFFICER),
            exemplar=exemplar,
            organization=body,
            adopted_on=dt.date(2026, 10, 1),
        )
    response = client.get(detail_url(exemplar))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổ tự quản đường hoa" in html
    assert "2 km đường hoa" in html  # the description
    assert "Thôn Đông" in html
    assert SubField.objects.get(code="moi-truong").name in html
    # Both decisions, with their numbers, dates and bodies.
    assert f"{exemplar.pk}/QĐ-BTGDV" in html and "20/05/2026" in html
    assert "7/QĐ-TW" in html and "01/09/2026" in html
    assert network.province_a.name in html and network.central.name in html
    # Typed results, written the Vietnamese way.
    assert [r.value for r in response.context["results"]] == ["1.250", "2"]
    assert '<td data-testid="result">1.250</td>' in html
    # Replications: how many, and who.
    assert len(response.context["replications"]) == 2
    assert network.commune_a2.name in html and network.commune_b1.name in html
    # Where, as text and as a link for the device's map app (nothing loaded from the web).
    assert 'href="geo:21.0285,105.8542"' in html
    assert "21,0285" in html
    # Whom to ask about replicating it.
    assert network.commune_a1.name in html
    assert response.context["body"] == network.commune_a1


def test_the_page_names_the_successor_of_a_reorganized_body(
    client, network, province_officer, province_leader
):
    from danvan.org.models import Organization

    exemplar = recognized(network, province_officer, province_leader)
    Organization.objects.filter(pk=network.commune_a1.pk).update(current=network.commune_a2)
    response = client.get(detail_url(exemplar))
    assert response.context["successor"] == network.commune_a2
    assert network.commune_a2.name in response.content.decode()


def test_results_keep_their_decimals(client, network, province_officer, province_leader):
    exemplar = recognized(
        network,
        province_officer,
        province_leader,
        results={"road_built": "2,5", "money_raised": "1.500.000.000"},
    )
    response = client.get(detail_url(exemplar))
    values = {r.value for r in response.context["results"]}
    assert values == {"1.500.000.000", "2,5"}


def test_results_follow_the_readers_language(client, network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    client.cookies["django_language"] = "en"  # chosen with the language switch
    response = client.get(detail_url(exemplar))
    assert [r.value for r in response.context["results"]] == ["1,250", "2"]


def test_the_gallery_reads_a_fixed_number_of_queries_however_many_rows(
    client, network, province_officer, province_leader, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            if i % 3 == 2:
                recognized_in_tuyen_quang(network, name=f"Mô hình Tuyên Quang {i}")
            else:
                recognized(
                    network,
                    province_officer,
                    province_leader,
                    name=f"Mô hình {i}",
                    kind="individual" if i % 2 else "collective",
                    public_consent=bool(i % 4),
                )

    add(3)
    # The page, its count, the cards' photos, the province list, the map's counts and places.
    with django_assert_max_num_queries(13) as few:
        response = client.get(GALLERY)
    assert len(names(response)) == 3
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(GALLERY)
    assert len(names(response)) == 12
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # the search's check
        response = client.get(GALLERY, {"q": "mo hinh"})
    assert len(names(response)) == 12


def test_the_page_reads_a_fixed_number_of_queries_however_many_replications(
    client, network, province_officer, province_leader, django_assert_max_num_queries
):
    exemplar = recognized(network, province_officer, province_leader)
    services.record_replication(
        actor=user_with(network.commune_a2, Role.OFFICER),
        exemplar=exemplar,
        organization=network.commune_a2,
        adopted_on=dt.date(2026, 10, 1),
    )
    # The model with its prefetches, the map's place, the public photos.
    with django_assert_max_num_queries(13) as few:
        client.get(detail_url(exemplar))
    services.record_replication(
        actor=user_with(network.commune_b1, Role.OFFICER),
        exemplar=exemplar,
        organization=network.commune_b1,
        adopted_on=dt.date(2026, 10, 2),
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(detail_url(exemplar))
    assert len(response.context["replications"]) == 2
