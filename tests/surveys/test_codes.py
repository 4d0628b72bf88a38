"""One-time codes: shown once when issued, kept only as keyed hashes, each good for one
answer (even two at once), never tied to the answer; a survey without a public link is
answered only with one."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.surveys.models import Channel, Invitation, Response
from danvan.surveys.services import building, invitations
from danvan.surveys.services.answering import submit_response
from tests.factories import sign_in

from .conftest import ask_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(surveying):  # type: ignore[no-untyped-def]
    asked = ask_everything(surveying.c1, surveying.c1_officer)
    asked.survey = building.open_survey(survey=asked.survey, actor=surveying.c1_officer)
    return asked


def _answer(asked, code: str, key: str):  # type: ignore[no-untyped-def]
    return submit_response(
        survey=asked.survey,
        version=asked.survey.versions.get(),
        sheet={f"q{asked.rating.pk}": ["5"]},
        channel=Channel.CODE,
        key=key,
        code=code,
    )


def test_codes_are_kept_only_as_hashes_and_answer_once(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    codes = invitations.issue_codes(survey=asked.survey, count=3, actor=surveying.c1_officer)
    assert len(set(codes)) == 3 and all(
        re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", c) for c in codes
    )
    stored = list(Invitation.objects.values_list("code_hash", flat=True))
    assert all(c.replace("-", "") not in h for c in codes for h in stored)
    response = _answer(asked, codes[0].lower().replace("-", " "), "k1")  # as typed on a phone
    assert response.channel == Channel.CODE
    assert not {f.name for f in Response._meta.get_fields()} & {"invitation", "code"}
    with pytest.raises(ValidationError) as used:
        _answer(asked, codes[0], "k2")
    assert "code" in used.value.message_dict
    with pytest.raises(ValidationError):
        _answer(asked, "ABCD-EFGH", "k3")
    assert Response.objects.count() == 1
    assert Invitation.objects.filter(used_at__isnull=False).count() == 1


def test_a_code_of_another_survey_is_refused(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    other = ask_everything(surveying.c1, surveying.c1_officer)
    code = invitations.issue_codes(survey=other.survey, count=1, actor=surveying.c1_officer)[0]
    with pytest.raises(ValidationError):
        _answer(asked, code, "k1")


def test_only_the_builders_issue_codes(asked, surveying) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        invitations.issue_codes(survey=asked.survey, count=1, actor=surveying.province_leader)
    with pytest.raises(ValidationError):
        invitations.issue_codes(survey=asked.survey, count=0, actor=surveying.c1_officer)


def test_a_survey_without_a_public_link_asks_for_the_code(client, asked, surveying) -> None:  # type: ignore[no-untyped-def]
    asked.survey.public_link = False
    asked.survey.save()
    code = invitations.issue_codes(survey=asked.survey, count=1, actor=surveying.c1_officer)[0]
    url = reverse("surveys_public:answer", args=[asked.survey.key])
    ask = client.get(url)
    assert ask.status_code == 200 and 'name="ma"' in ask.content.decode()
    assert client.get(url, {"ma": "ZZZZ-ZZZZ"}).status_code == 400
    form = client.get(url, {"ma": code})
    assert form.status_code == 200 and f'name="code" value="{code}"' in form.content.decode()
    sent = client.post(url, {"key": "f1", "code": code, f"q{asked.rating.pk}": "4"})
    assert sent.status_code == 302 and Response.objects.get().channel == Channel.CODE
    again = client.post(url, {"key": "f2", "code": code, f"q{asked.rating.pk}": "4"})
    assert again.status_code == 400 and Response.objects.count() == 1
    assert client.get(reverse("surveys_public:qr_svg", args=[asked.survey.key])).status_code == 404


def test_the_codes_page_shows_the_codes_once(client, asked, surveying) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, surveying.c1_officer)
    url = reverse("surveys:codes", args=[asked.survey.pk])
    assert client.post(url, {"count": "0"}).status_code == 400
    page = client.post(url, {"count": "5", "batch": "Phiếu tại quầy"})
    body = page.content.decode()
    assert page.status_code == 200 and body.count('class="code"') == 5
    assert Invitation.objects.filter(batch="Phiếu tại quầy").count() == 5
    assert "?ma=" not in client.get(url).content.decode()
    sign_in(client, surveying.province_leader)
    assert client.get(url).status_code == 403
