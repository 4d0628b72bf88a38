"""The published summary of a supervision programme: nobody reads it before the conducting
Front body publishes it; then anyone reads the recommendations and the responses, never the
findings nor a person's name; the page costs the same number of queries whatever the size
of the programme; only the conducting body's managers publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.participation.models import SupervisionProgramme
from danvan.participation.services import supervision as services
from tests.factories import sign_in

from .test_supervision_fixtures import *  # noqa: F403 - the fixtures
from .test_supervision_fixtures import Supervised

pytestmark = pytest.mark.django_db

LIST = "participation_public:supervision_programmes"
PUBLISH_BUTTON = 'name="action" value="publish"'
PAGE = "participation_public:supervision_programme"


def _page(client, programme: SupervisionProgramme):  # type: ignore[no-untyped-def]
    return client.get(reverse(PAGE, args=[programme.pk]))


def _respond(p, s: Supervised, text: str = "Đã giải quyết 10 trên 12 đơn.") -> None:  # type: ignore[no-untyped-def]
    services.record_response(
        recommendation=s.rec, text=text, responded_on=dt.date(2026, 12, 1), actor=p.c1_officer
    )


def test_an_unpublished_programme_does_not_exist_for_the_public(client, supervised) -> None:  # type: ignore[no-untyped-def]
    assert _page(client, supervised.programme).status_code == 404
    listing = client.get(reverse(LIST))
    assert listing.status_code == 200
    assert supervised.programme.title not in listing.content.decode()


def test_the_published_summary_shows_recommendations_and_responses(
    client, participating, supervised
) -> None:  # type: ignore[no-untyped-def]
    p, s = participating, supervised
    _respond(p, s)
    services.publish_programme(programme=s.programme, actor=p.city_front_officer)
    s.programme.refresh_from_db()
    assert s.programme.published_at is not None
    listing = client.get(reverse(LIST)).content.decode()
    assert s.programme.title in listing and p.city_front.name in listing
    page = _page(client, s.programme)
    assert page.status_code == 200
    html = page.content.decode()
    assert s.rec.text in html  # the recommendation
    assert p.c1.name in html  # the body it is addressed to
    assert "Đã giải quyết 10 trên 12 đơn." in html  # the response
    assert "20/12/2026" in html  # due: sent 20/11 + 30 days
    assert 'data-testid="public-recommendations"' in html
    # Filters: another province, or another year, shows nothing.
    assert s.programme.title not in client.get(reverse(LIST), {"nam": "2025"}).content.decode()


def test_no_person_and_no_finding_leaks(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p, s = participating, supervised
    s.delegation.member_names = "Trần Thị Bình\nLê Văn Cường"
    s.delegation.save(update_fields=["member_names"])
    s.delegation.members.add(p.c1_front_officer)
    _respond(p, s)
    services.publish_programme(programme=s.programme, actor=p.city_front_officer)
    html = _page(client, s.programme).content.decode()
    for hidden in (
        "Nguyễn Văn A",  # the head of the delegation
        "Trần Thị Bình",
        "Lê Văn Cường",  # the members typed
        p.c1_front_officer.full_name,  # a member with an account
        p.city_front_officer.full_name,  # who created the programme and the recommendation
        p.c1_officer.full_name,  # who recorded the response
        s.delegation.name,
        s.finding.text,  # the Front's working notes
    ):
        assert hidden not in html, hidden
    assert p.c1.name in html  # the bodies are named


def test_the_summary_costs_a_bounded_number_of_queries(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p, s = participating, supervised
    _respond(p, s)
    services.publish_programme(programme=s.programme, actor=p.city_front_officer)
    _page(client, s.programme)  # what a first request caches (the shell's settings) aside
    with CaptureQueriesContext(connection) as small:
        assert _page(client, s.programme).status_code == 200
    for n, body in enumerate([p.c1, p.c2, p.city] * 3):
        rec = services.add_recommendation(
            programme=s.programme,
            addressed_to=body,
            text=f"Kiến nghị số {n}",
            sent_on=dt.date(2026, 11, 25),
            actor=p.city_front_officer,
        )
        services.record_response(
            recommendation=rec,
            text=f"Trả lời {n}",
            responded_on=dt.date(2026, 12, 2),
            actor=p.city_front_officer,
        )
    with CaptureQueriesContext(connection) as large:
        page = _page(client, s.programme)
    assert page.status_code == 200 and "Trả lời 8" in page.content.decode()
    assert len(large) == len(small) <= 10
    client.get(reverse(LIST))
    with CaptureQueriesContext(connection) as listing:
        assert client.get(reverse(LIST)).status_code == 200
    assert len(listing) <= 8


@pytest.mark.parametrize("who", ["c1_officer", "c1_leader", "other_officer", "city_leader"])
def test_only_the_conducting_body_publishes(client, participating, supervised, who) -> None:  # type: ignore[no-untyped-def]
    """The addressed body's officers and leaders, an unrelated commune, a People's Committee
    leader whose grant covers the Front: none publishes."""
    p, s = participating, supervised
    user = getattr(p, who)
    with pytest.raises(PermissionDenied):
        services.publish_programme(programme=s.programme, actor=user)
    sign_in(client, user)
    url = reverse("participation:supervision_programme_publish", args=[s.programme.pk])
    assert client.post(url, {"action": "publish"}).status_code in (403, 404)
    s.programme.refresh_from_db()
    assert s.programme.published_at is None
    assert _page(client, s.programme).status_code == 404


def test_publishing_and_withdrawing_through_the_programme_page(
    client, participating, supervised
) -> None:  # type: ignore[no-untyped-def]
    p, s = participating, supervised
    staff_page = reverse("participation:supervision_programme", args=[s.programme.pk])
    url = reverse("participation:supervision_programme_publish", args=[s.programme.pk])
    sign_in(client, p.city_leader)  # reads the programme, does not conduct it
    html = client.get(staff_page).content.decode()
    assert 'data-testid="publication"' in html and PUBLISH_BUTTON not in html
    sign_in(client, p.city_front_officer)
    assert PUBLISH_BUTTON in client.get(staff_page).content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "x"}).status_code == 400
    assert client.post(url, {"action": "publish"}).status_code == 302
    s.programme.refresh_from_db()
    first = s.programme.published_at
    assert first is not None
    again = client.post(url, {"action": "publish"}, follow=True)  # twice: said, nothing changes
    assert again.status_code == 200 and 'role="alert"' in again.content.decode()
    s.programme.refresh_from_db()
    assert s.programme.published_at == first
    assert public_link(s) in client.get(staff_page).content.decode()
    client.logout()
    assert _page(client, s.programme).status_code == 200
    sign_in(client, p.city_front_officer)
    assert client.post(url, {"action": "unpublish"}).status_code == 302
    client.logout()
    assert _page(client, s.programme).status_code == 404


def public_link(s: Supervised) -> str:
    return reverse(PAGE, args=[s.programme.pk])
