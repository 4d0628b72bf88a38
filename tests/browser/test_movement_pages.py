"""The "Dân vận khéo" movement's pages, filled with the demo data, meet WCAG 2.1 AA (axe-core)
and fit a phone's screen: the showcase with its map, a model's page, the honor roll, contest
results; the officer's registry, model, movements, scoring, proposals, decisions, contests,
score sheets."""

import pytest
from django.core.management import call_command

from danvan.contests.models import Contest, Round
from danvan.demo.people import DEMO_PASSWORD
from danvan.emulation.models import AwardDecision, ClusterScoring, Movement, Proposal
from danvan.exemplars.models import Exemplar
from tests.browser.phone import fits
from tests.browser.test_accessibility import AXE, _violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(units_loaded, reference_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed", profile="demo", quiet=True, history_months=0)


def test_public_movement_pages_meet_wcag_21_aa_on_a_phone(demo, live_server, page):
    assert AXE.exists(), "axe-core is missing: run 'npm ci'"
    model = Exemplar.objects.filter(state="recognized").order_by("pk").first()
    contest = Contest.objects.get()
    for path in [
        "/dan-van-kheo/",
        f"/dan-van-kheo/{model.pk}/",
        "/bang-vang/",
        "/hoi-thi/",
        f"/hoi-thi/{contest.pk}/",
    ]:
        page.goto(live_server.url + path)
        assert _violations(page) == [], path
        assert fits(page), path
    page.goto(live_server.url + "/dan-van-kheo/")
    assert page.get_by_test_id("map-dot").count() == 3  # one per demo province


def test_officer_movement_pages_meet_wcag_21_aa_on_a_phone(demo, live_server, page):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", "lanhdao")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/home/")
    model = Exemplar.objects.order_by("pk").first()
    contest = Contest.objects.get()
    paths = [
        "/exemplars/",
        f"/exemplars/{model.pk}/",
        f"/exemplars/{model.pk}/edit/",
        "/emulation/",
        f"/emulation/movements/{Movement.objects.get().pk}/",
        f"/emulation/scorings/{ClusterScoring.objects.get().pk}/",
        "/emulation/proposals/",
        f"/emulation/proposals/{Proposal.objects.get().pk}/",
        "/emulation/decisions/",
        f"/emulation/decisions/{AwardDecision.objects.get().pk}/",
        "/contests/",
        f"/contests/{contest.pk}/",
        f"/contests/rounds/{Round.objects.filter(contest=contest).first().pk}/sheet/",
    ]
    problems = []
    for path in paths:
        page.goto(base + path)
        problems += [f"{path}: {v}" for v in _violations(page)]
        if not fits(page):
            problems.append(f"{path}: wider than the screen")
    assert problems == [], "\n".join(problems)
