"""Journey: on a phone, a head judge fills in and submits their score sheet and closes the
round; the organizer enters the advancing teams in the final and, once the final is closed,
publishes the results, which anyone then reads on the public page."""

import re

import pytest

from danvan.contests import services
from danvan.contests.models import Contest, RoundResult
from tests.browser.phone import fits, sign_in
from tests.contests.conftest import FINAL, ROUND1, ROUND2, preliminary, score
from tests.factories import build_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_judge_scores_on_a_phone_and_the_results_are_published(
    units_loaded, live_server, browser
):
    from playwright.sync_api import expect

    w = preliminary(build_network())
    base = live_server.url
    criteria = list(w.contest.criteria.order_by("position"))

    # The head judge of the first preliminary round scores both teams on the sheet page.
    head = w.judges["r1a"]
    judge = sign_in(browser, base, head.user.username)
    judge.goto(f"{base}/contests/rounds/{w.round1.pk}/sheet/")
    for team_key, by_judge in ROUND1.items():
        team = w.teams[team_key]
        for c, value in zip(criteria, by_judge["r1a"], strict=True):
            judge.fill(f"input[name='t{team.pk}-c{c.pk}']", str(value))
    assert fits(judge)
    judge.get_by_test_id("submit").click()
    expect(judge.get_by_test_id("sheet-state")).to_have_text(re.compile("khóa|locked"))
    head.refresh_from_db()
    assert head.submitted

    # The other judges of the round (services), then the head judge closes it on its page.
    others = {t: {j: v for j, v in by.items() if j != "r1a"} for t, by in ROUND1.items()}
    score(w, others)
    judge.goto(f"{base}/contests/rounds/{w.round1.pk}/")
    judge.get_by_test_id("close").click()
    judge.wait_for_load_state()
    w.round1.refresh_from_db()
    assert not w.round1.is_open
    assert RoundResult.objects.filter(round=w.round1).count() == 2

    score(w, ROUND2)
    services.close_round(actor=w.organizer, round=w.round2)

    # The organizer enters the advancing teams in the final on the contest's page.
    organizer = sign_in(browser, base, w.organizer.username)
    organizer.goto(f"{base}/contests/{w.contest.pk}/")
    organizer.get_by_test_id("next-step").click()
    organizer.wait_for_load_state()
    w.refresh()
    assert w.contest.status == "final"
    score(w, FINAL)
    services.close_round(actor=w.judge("fa"), round=w.final)
    organizer.goto(f"{base}/contests/{w.contest.pk}/")
    organizer.get_by_test_id("next-step").click()
    organizer.wait_for_load_state()
    assert Contest.objects.get().status == "published"

    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(f"{base}/hoi-thi/{w.contest.pk}/")
    rows = public.get_by_test_id("result")
    assert rows.count() == 8  # four teams in the two preliminary rounds, four in the final
    assert public.get_by_text(re.compile("Giải Nhất|First prize")).count() >= 1
    assert fits(public)
