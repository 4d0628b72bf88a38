"""The briefing page and its download: who may (anonymous, citizen, officer and leader of the
body, officer of another province, unit and system administrators), bad input refused with a
form error, the generation audited, and the page's queries bounded."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from docx import Document

from danvan.insights.models import Hotspot, HotspotKind, SensitiveUse, Topic, TopicWeekCount
from tests.factories import Role, Scope, UserFactory, sign_in, sign_in_with_totp, user_with

from . import briefing_fixture as fx

pytestmark = pytest.mark.django_db
PAGE = reverse("insights:briefing")
DOCX = reverse("insights:briefing_docx")


@pytest.fixture
def quarter3(network) -> fx.Quarter3:  # type: ignore[no-untyped-def]
    return fx.build(network)


def _get(client, url: str, **params):  # type: ignore[no-untyped-def]
    with time_machine.travel(fx.AFTER_Q3, tick=False):
        return client.get(url, params)


def _who(network, who: str):  # type: ignore[no-untyped-def]
    body = network.commune_a1_committee
    match who:
        case "anonymous":
            return None
        case "citizen":
            return UserFactory()
        case "officer":
            return user_with(body, Role.OFFICER)
        case "leader":
            return user_with(body, Role.LEADER)
        case "other_province":
            return user_with(network.province_b, Role.OFFICER, Scope.SUBTREE)
        case "unit_admin":
            return user_with(body, Role.UNIT_ADMIN)
        case "system_admin":
            return user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    raise AssertionError(who)


MATRIX = [
    # who, page for the body, download for the body
    ("anonymous", {302, 403}, {302, 403}),
    ("citizen", {403}, {403}),
    ("officer", {200}, {200}),
    ("leader", {200}, {200}),
    ("other_province", {400}, {400}),  # not one of their bodies: a form error
    ("unit_admin", {403}, {403}),
    ("system_admin", {403}, {403}),
]


@pytest.mark.parametrize(("who", "page", "download"), MATRIX)
def test_who_may_see_the_page_and_download_the_draft(
    client, network, quarter3, who: str, page: set[int], download: set[int]
) -> None:  # type: ignore[no-untyped-def]
    user = _who(network, who)
    if user is not None:
        (sign_in if who == "citizen" else sign_in_with_totp)(client, user)
    body = network.commune_a1_committee.pk
    got = _get(client, PAGE, body=body, quarter="2026-3")
    assert got.status_code in page
    got = _get(client, DOCX, body=body, quarter="2026-3")
    assert got.status_code in download
    is_docx = got.get("Content-Type", "").startswith("application/vnd.openxmlformats")
    assert is_docx == (download == {200})


def test_an_officer_of_another_province_sees_their_own_body_s_page(
    client, network, quarter3
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "other_province"))
    got = _get(client, PAGE)
    assert got.status_code == 200
    assert got.context["briefing"].body == network.province_b
    html = got.content.decode()
    assert "MARKHOTSPOT" not in html and "Ngập úng đô thị" not in html
    assert "MARKOTHERPROVINCE" in html


def test_the_page_previews_the_draft_and_links_the_download(client, network, quarter3) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "leader"))
    got = _get(client, PAGE)  # defaults: the user's body, the last complete quarter
    assert got.status_code == 200
    briefing = got.context["briefing"]
    assert briefing.quarter.key == "2026-3"
    html = got.content.decode()
    for testid in (
        "briefing-page",
        "briefing-download",
        "briefing-topics",
        "briefing-hotspots",
        "briefing-figures",
        "briefing-topic",
        "briefing-hotspot",
        "briefing-figure",
    ):
        assert f'data-testid="{testid}"' in html, testid
    assert "briefing-topics-data" in html  # the chart's data
    assert f"{DOCX}?body={network.commune_a1_committee.pk}&amp;quarter=2026-3" in html
    # The preview quotes nothing.
    assert "MARKFLOODONE" not in html and "MARKDENOUNCE" not in html


def test_downloading_gives_a_docx_and_is_audited(client, network, quarter3) -> None:  # type: ignore[no-untyped-def]
    leader = sign_in_with_totp(client, _who(network, "leader"))
    got = _get(client, DOCX, body=network.commune_a1_committee.pk, quarter="2026-3")
    assert got.status_code == 200
    assert ".docx" in got["Content-Disposition"]
    doc = Document(io.BytesIO(got.content))
    assert any("DỰ THẢO" in p.text for p in doc.paragraphs)
    entry = LogEntry.objects.get(user=leader)
    assert entry.object_id == str(network.commune_a1_committee.pk)
    assert SensitiveUse.objects.filter(user=leader, purpose="briefing draft", texts=1).exists()


@pytest.mark.parametrize(
    "params",
    [
        {"quarter": "2026-7"},
        {"quarter": "abc"},
        {"quarter": "1999-1"},
        {"quarter": "2026-3\x00"},
        {"body": "abc"},
        {"body": "999999999"},
        {"body": "-1"},
        {"body": "1" * 40},
    ],
)
def test_bad_input_is_a_form_error_never_a_server_error(client, network, quarter3, params) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "leader"))
    for url in (PAGE, DOCX):
        got = _get(client, url, **params)
        assert got.status_code == 400, (url, params)


def test_a_body_the_user_does_not_work_for_is_refused(client, network, quarter3) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "leader"))
    got = _get(client, DOCX, body=network.province_a.pk, quarter="2026-3")
    assert got.status_code == 400
    assert not got.get("Content-Type", "").startswith("application/vnd")


def _more(network, quarter3, n: int) -> None:  # type: ignore[no-untyped-def]
    """n more topics and hotspots in A1's quarter: the page's queries must not grow."""
    import datetime as dt

    a1 = network.commune_a1.unit
    for i in range(n):
        topic = Topic.objects.create(model=quarter3.model, number=10 + i, label=f"Chủ đề {i}")
        TopicWeekCount.objects.create(
            topic=topic, week=dt.date(2026, 8, 3), unit=a1, province=a1.province, count=6 + i
        )
        Hotspot.objects.create(
            key=f"more-{i}",
            kind=HotspotKind.PLACE_SURGE,
            title=f"Điểm {i}",
            week=dt.date(2026, 8, 3),
            unit=a1,
            province=a1.province,
            in_charge=network.commune_a1_committee,
            observed=6 + i,
            baseline=1.0,
            detected_at=fx.IN_Q3,
        )


def test_the_page_s_queries_are_bounded(
    client, network, quarter3, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "leader"))
    _get(client, PAGE)  # warm the per-process caches
    with django_assert_max_num_queries(30) as few:
        _get(client, PAGE)
    _more(network, quarter3, 8)
    with django_assert_max_num_queries(30) as many:
        _get(client, PAGE)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_download_s_queries_are_bounded_by_the_topics_shown(
    client, network, quarter3, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, _who(network, "leader"))
    params = {"body": network.commune_a1_committee.pk, "quarter": "2026-3"}
    _get(client, DOCX, **params)
    _more(network, quarter3, 12)  # more topics than a draft shows, more hotspots
    with django_assert_max_num_queries(45):
        got = _get(client, DOCX, **params)
    assert got.status_code == 200


def test_a_superuser_chooses_among_central_and_provincial_bodies(client, network, quarter3) -> None:  # type: ignore[no-untyped-def]
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in_with_totp(client, admin)
    got = _get(client, PAGE, body=network.province_a.pk, quarter="2026-3")
    assert got.status_code == 200
    choices = {pk for pk, _name in got.context["form"].fields["body"].choices}
    assert network.province_a.pk in choices and network.commune_a1.pk not in choices
    assert _get(client, PAGE, body=network.commune_a1.pk).status_code == 400
