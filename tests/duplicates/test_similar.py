"""Suggestions of duplicate matters: same person, same place, similar text."""

import datetime as dt

import pytest
from django.utils import timezone

from danvan.accounts.models import User
from danvan.cases.duplicates import similar_cases, words
from danvan.cases.models import Case
from tests.factories import Role, user_with

from .conftest import FLOODING, LAND, LIGHTS, NOISE, make_case

pytestmark = pytest.mark.django_db


def _found(suggestions):
    return {s.case.pk: s.reasons for s in suggestions}


def test_words_are_folded_and_skip_function_words():
    assert words("Đề nghị khơi thông cống của Đường ngập") == [
        "khoi",
        "thong",
        "cong",
        "duong",
        "ngap",
    ]


def test_same_phone_written_differently_is_the_same_person(network):
    earlier = make_case(network, LAND, unit=network.commune_a2.unit, phone="0912 345 678")
    make_case(network, LAND, unit=network.commune_a2.unit, phone="0912 000 111")
    got = similar_cases(text=" ".join(NOISE), unit=network.commune_b1.unit, phone="+84912345678")
    assert _found(got) == {earlier.pk: ("same_person",)}
    assert 0 < got[0].score <= 1


def test_same_email_in_another_case_is_the_same_person(network):
    earlier = make_case(network, LAND, email="Binh.Tran@Example.VN")
    got = similar_cases(text=" ".join(NOISE), email="binh.tran@example.vn")
    assert _found(got) == {earlier.pk: ("same_person",)}


def test_anonymous_matters_are_never_the_same_person(network):
    from danvan.cases.services.intake import PersonData, submit
    from tests.cases.conftest import submission

    sub = submission(
        network,
        title=LAND[0],
        content=LAND[1],
        unit=network.commune_b1.unit,
        person=PersonData(anonymous=True, consent=True),
    )
    submit(submission=sub, client="test", idempotency_key="anon")
    assert similar_cases(text=" ".join(NOISE), phone="", email="") == []


def test_same_place_recently_but_not_200_days_ago(network):
    now = timezone.now()
    recent = make_case(network, LAND, received_at=now - dt.timedelta(days=100))
    make_case(network, LIGHTS, received_at=now - dt.timedelta(days=200))
    make_case(network, NOISE, unit=network.commune_a2.unit)
    got = similar_cases(text="Rác thải đổ trộm bên bờ sông", unit=network.commune_a1.unit)
    assert _found(got) == {recent.pk: ("same_place",)}


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        (FLOODING, "duong truoc cho ngap sau moi khi mua lon, de nghi khoi thong cong"),
        (
            ("Duong ngap nuoc", "Doan duong truoc cho ngap sau moi khi mua lon."),
            "ĐƯỜNG trước chợ ngập sâu khi mưa lớn",
        ),
    ],
)
def test_similar_text_is_found_whatever_the_diacritics(network, stored, query):
    similar = make_case(network, stored, unit=network.commune_a2.unit)
    make_case(network, LAND, unit=network.commune_a2.unit)
    make_case(network, NOISE, unit=network.commune_a2.unit)
    got = similar_cases(text=query, unit=network.commune_a1.unit)
    assert _found(got) == {similar.pk: ("similar_text",)}


def test_an_existing_case_finds_the_others_but_not_itself(network):
    first = make_case(network, FLOODING, phone="0912 345 678")
    second = make_case(network, FLOODING, phone="0912345678")
    other = make_case(network, LAND, unit=network.commune_a2.unit)
    got = similar_cases(case=Case.objects.get(pk=second.pk))
    assert _found(got) == {first.pk: ("same_person", "same_place", "similar_text")}
    assert other.pk not in _found(got)
    assert got[0].score > 0.9


def test_best_suggestions_first_and_limited(network):
    same_everything = make_case(network, FLOODING, phone="0912 345 678")
    same_text = make_case(network, FLOODING, unit=network.commune_a2.unit)
    same_place = make_case(network, LIGHTS)
    got = similar_cases(
        text=" ".join(FLOODING), unit=network.commune_a1.unit, phone="0912345678", limit=2
    )
    assert [s.case.pk for s in got] == [same_everything.pk, same_text.pk]
    assert same_place.pk in _found(
        similar_cases(text=" ".join(FLOODING), unit=network.commune_a1.unit)
    )


def test_only_cases_the_user_may_see(network, officer, outsider):
    case = make_case(network, FLOODING, phone="0912 345 678")
    kwargs = {"text": " ".join(FLOODING), "unit": network.commune_a1.unit, "phone": "0912345678"}
    assert similar_cases(user=outsider, **kwargs) == []
    # An officer who may not see who sent it is not told it is the same sender (0008).
    assert _found(similar_cases(user=officer, **kwargs)) == {
        case.pk: ("same_place", "similar_text")
    }
    leader = user_with(network.commune_a1_committee, Role.LEADER)
    assert _found(similar_cases(user=leader, **kwargs)) == {
        case.pk: ("same_person", "same_place", "similar_text")
    }


@pytest.mark.parametrize("count", [10, 60])
def test_query_count_does_not_grow_with_the_matters(
    network, officer, count, django_assert_max_num_queries
):
    cases = [
        make_case(network, FLOODING, phone="0912 345 678", email=f"dan{i}@example.vn")
        for i in range(count)
    ]
    user = User.objects.get(pk=officer.pk)
    case = Case.objects.get(pk=cases[0].pk)
    # The case's place and petitioner, the user's grants, the probe for matters assigned
    # outside their scope, then one query per kind of match.
    with django_assert_max_num_queries(8):
        got = similar_cases(case=case, user=user, limit=100)
        for s in got:  # what a list of suggestions shows
            str(s.case.unit), str(s.case.organization), s.case.tracking_code
    assert len(got) == min(count - 1, 100)
