"""The surveys pages: each opens for those who may and refuses the others, bad input comes
back with status 400 and changes nothing, a citizen answers through the link or the QR code
with no account, and the results cost a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.surveys.models import Channel, Response, Survey
from danvan.surveys.services import building
from tests.factories import sign_in

from .conftest import ask_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(surveying):  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.c1_officer)
    return asked


def test_the_list_shows_the_surveys_one_covers(client, surveying, asked) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.province_leader)
    page = client.get(reverse("surveys:list"))
    assert page.status_code == 200 and asked.survey.title in page.content.decode()
    sign_in(client, surveying.other_officer)
    assert asked.survey.title not in client.get(reverse("surveys:list")).content.decode()
    sign_in(client, surveying.stranger)
    assert client.get(reverse("surveys:list")).status_code == 403


def test_creating_a_survey_and_adding_a_question(client, surveying) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c1_officer)
    bad = client.post(reverse("surveys:new"), {"owner": surveying.c1.pk, "title": ""})
    assert bad.status_code == 400 and not Survey.objects.exists()
    done = client.post(
        reverse("surveys:new"),
        {"owner": surveying.c1.pk, "title": "Hài lòng về bộ phận một cửa", "public_link": "on"},
    )
    survey = Survey.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse(
        "surveys:survey", args=[survey.pk]
    )
    url = reverse("surveys:survey", args=[survey.pk])
    refused = client.post(url, {"kind": "single", "text": "Chọn một", "choices": "Chỉ một"})
    assert refused.status_code == 400 and not survey.versions.get().questions.exists()
    added = client.post(
        url,
        {
            "kind": "rating",
            "text": "Thái độ công chức",
            "required": "on",
            "scale_max": "5",
            "low_label": "Rất không hài lòng",
            "high_label": "Rất hài lòng",
        },
    )
    assert added.status_code == 302
    page = client.get(url)
    assert "Thái độ công chức" in page.content.decode()
    assert client.post(reverse("surveys:open", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.state == "open"


def test_another_body_neither_reads_nor_builds_the_survey(client, surveying, asked) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c2_officer)
    assert client.get(reverse("surveys:survey", args=[asked.survey.pk])).status_code == 403
    assert client.get(reverse("surveys:results", args=[asked.survey.pk])).status_code == 403
    assert client.post(reverse("surveys:close", args=[asked.survey.pk])).status_code == 403
    sign_in(client, surveying.province_leader)
    # The province reads the commune's survey and results but does not change it.
    assert client.get(reverse("surveys:survey", args=[asked.survey.pk])).status_code == 200
    assert (
        client.post(
            reverse("surveys:survey", args=[asked.survey.pk]), {"kind": "short_text", "text": "?"}
        ).status_code
        == 403
    )


def _sheet(asked) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"key": "form-1", f"q{asked.rating.pk}": "4", f"q{asked.short.pk}": "Khai sinh"}


def test_a_citizen_answers_through_the_link_with_no_account(client, asked) -> None:  # type: ignore[no-untyped-def]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    page = client.get(url)
    assert page.status_code == 200 and asked.rating.text in page.content.decode()
    missing = client.post(url, {"key": "form-0", f"q{asked.short.pk}": "x"})
    assert (
        missing.status_code == 400 and f'id="q{asked.rating.pk}-error"' in missing.content.decode()
    )
    assert not Response.objects.exists()
    sent = client.post(url, _sheet(asked))
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "surveys_public:thanks", args=[asked.survey.key]
    )
    again = client.post(url, _sheet(asked))  # the same form sent twice
    assert again.status_code == 302 and Response.objects.count() == 1
    assert Response.objects.get().channel == Channel.LINK


def test_an_answer_through_the_qr_code_is_counted_as_such(client, asked) -> None:  # type: ignore[no-untyped-def]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    page = client.get(url + "?kenh=qr")
    assert 'name="channel" value="qr"' in page.content.decode()
    client.post(url, {**_sheet(asked), "channel": "qr"})
    assert Response.objects.get().channel == Channel.QR
    svg = client.get(reverse("surveys_public:qr_svg", args=[asked.survey.key]))
    png = client.get(reverse("surveys_public:qr_png", args=[asked.survey.key]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_a_robot_filling_the_hidden_field_is_thanked_and_nothing_kept(client, asked) -> None:  # type: ignore[no-untyped-def]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    sent = client.post(url, {**_sheet(asked), "website": "http://spam.example"})
    assert sent.status_code == 302 and not Response.objects.exists()


def test_a_closed_or_unlisted_survey(client, surveying, asked) -> None:  # type: ignore[no-untyped-def]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    building.close_survey(survey=asked.survey, actor=surveying.c1_officer)
    closed = client.get(url)
    assert closed.status_code == 200 and 'name="key"' not in closed.content.decode()
    assert client.post(url, _sheet(asked)).status_code == 200
    assert not Response.objects.exists()
    Survey.objects.filter(pk=asked.survey.pk, state="closed").update(
        state="open", public_link=False
    )
    assert 'name="ma"' in client.get(url).content.decode()  # answered by one-time code only
    assert client.get(reverse("surveys_public:answer", args=["nothing"])).status_code == 404


def test_results_cost_a_fixed_number_of_queries(
    client, surveying, asked, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    for i in range(3):
        client.post(url, {**_sheet(asked), "key": f"k{i}"})
    sign_in(client, surveying.c1_officer)
    results = reverse("surveys:results", args=[asked.survey.pk])
    client.get(results)
    with django_assert_max_num_queries(30):
        page = client.get(results)
    body = page.content.decode()
    assert page.status_code == 200 and "Khai sinh" in body
    assert client.get(results, {"since": "31/02/2026"}).status_code == 400


def test_an_officer_enters_a_paper_form(client, surveying, asked) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c1_officer)
    url = reverse("surveys:paper", args=[asked.survey.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"key": "p1", f"q{asked.rating.pk}": "9"})
    assert bad.status_code == 400 and not Response.objects.exists()
    done = client.post(url, _sheet(asked))
    assert done.status_code == 302
    kept = Response.objects.get()
    assert kept.channel == Channel.PAPER and kept.entered_by == surveying.c1_officer
    sign_in(client, surveying.other_officer)
    assert client.get(url).status_code == 403


def test_changing_a_question_and_when_it_is_shown(client, surveying, asked) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c1_officer)
    url = reverse("surveys:edit_question", args=[asked.survey.pk, asked.long.pk])
    page = client.get(url)
    assert page.status_code == 200 and asked.long.text in page.content.decode()
    other = asked.single.choices.get(position=3)
    base = {"kind": "long_text", "text": "Góp ý khác (nếu chọn Khác)"}
    # A condition without its kind is refused, and nothing changes.
    refused = client.post(url, {**base, "shown_if": asked.single.pk})
    assert refused.status_code == 400
    asked.long.refresh_from_db()
    assert asked.long.text == "Góp ý khác" and asked.long.shown_if is None
    done = client.post(
        url,
        {
            **base,
            "shown_if": asked.single.pk,
            "shown_if_kind": "equals",
            "shown_if_choice": other.pk,
        },
    )
    assert done.status_code == 302
    asked.long.refresh_from_db()
    assert asked.long.text == base["text"]
    assert (asked.long.shown_if, asked.long.shown_if_choice) == (asked.single, other)
    survey_page = client.get(reverse("surveys:survey", args=[asked.survey.pk])).content.decode()
    assert "Khác (ghi rõ)" in survey_page
    # A later question is not offered as a condition of an earlier one.
    assert (
        client.post(
            reverse("surveys:edit_question", args=[asked.survey.pk, asked.rating.pk]),
            {
                "kind": "rating",
                "text": "?",
                "scale_max": "5",
                "shown_if": asked.long.pk,
                "shown_if_kind": "answered",
            },
        ).status_code
        == 400
    )
    sign_in(client, surveying.province_leader)
    assert client.get(url).status_code == 403
