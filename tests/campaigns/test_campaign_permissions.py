"""Who may see, manage and report a campaign: the organizer's own people manage it; a
participating body's own people report its results; the staff covering the organizer or a
participating body read it; others and citizens see nothing — as the rule says and as the
pages answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.campaigns import access
from danvan.campaigns.services import campaigns as services
from tests.factories import sign_in_with_totp

from .campaign_fixtures import *  # noqa: F403 - the fixtures
from .campaign_fixtures import city_campaign, make_campaign

pytestmark = pytest.mark.django_db
A = access.Action

# organizer: "city" (city's Front organizes, the city and two communes take part) or
# "commune" (the first commune's Front organizes for itself).
MATRIX = [
    # who, organizer, view, manage, report
    ("city_officer", "city", True, True, True),
    ("c1_officer", "city", True, False, True),
    ("city_leader", "city", True, True, True),
    ("other_officer", "city", False, False, False),
    ("citizen", "city", False, False, False),
    ("central_leader", "city", True, False, False),
    ("city_officer", "commune", False, False, False),
    ("c1_officer", "commune", True, True, True),
    ("c2_officer", "commune", False, False, False),
    ("city_leader", "commune", True, False, False),
    ("other_officer", "commune", False, False, False),
    ("citizen", "commune", False, False, False),
]


def _campaign(w, organizer):  # type: ignore[no-untyped-def]
    if organizer == "city":
        return city_campaign(w)
    return make_campaign(w.c1_front, [w.c1_front], name="Tết vì người nghèo xã")


@pytest.mark.parametrize(("who", "organizer", "view", "manage", "report"), MATRIX)
def test_the_rule(welfare, who, organizer, view, manage, report):
    c = _campaign(welfare, organizer)
    user = getattr(welfare, who)
    assert access.may_campaign(user, c, A.VIEW) is view
    assert access.may_campaign(user, c, A.MANAGE) is manage
    assert access.may_campaign(user, c, A.REPORT) is report
    assert access.campaigns_for(user).filter(pk=c.pk).exists() is view


@pytest.mark.parametrize(("who", "organizer", "view", "manage", "report"), MATRIX)
def test_the_pages(client, welfare, who, organizer, view, manage, report):
    c = _campaign(welfare, organizer)
    sign_in_with_totp(client, getattr(welfare, who))
    pages = {
        "view": reverse("campaigns:campaign", args=[c.pk]),
        "manage": reverse("campaigns:campaign_targets", args=[c.pk]),
        "report": reverse("campaigns:campaign_result_new", args=[c.pk]),
    }
    expected = {"view": view, "manage": manage, "report": report}
    for action, url in pages.items():
        got = client.get(url).status_code
        assert got == (200 if expected[action] else 403), (action, got)


def test_a_draft_is_seen_by_the_organizers_side_only(welfare):
    c = make_campaign(welfare.city_front, [welfare.c1_front], launch=False)
    assert access.may_campaign(welfare.city_officer, c, A.VIEW)
    assert not access.may_campaign(welfare.c1_officer, c, A.VIEW)
    services.launch(actor=None, campaign=c)
    c = type(c).objects.get(pk=c.pk)
    assert access.may_campaign(welfare.c1_officer, c, A.VIEW)
