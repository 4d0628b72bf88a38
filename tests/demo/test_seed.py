import pytest
from django.core.management import call_command

from danvan.accounts import scopes
from danvan.accounts.models import Role, User
from danvan.demo.models import SeedRun
from danvan.org.models import Organization
from tests.demo_seed import demo_seeded_once

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One seed (without the past matters) for the tests that only read it."""
    with demo_seeded_once(django_db_blocker, history_months=0):
        yield


def test_demo_seed_gives_one_login_per_role_and_is_idempotent(capsys):
    call_command("seed", profile="demo", quiet=True, history_months=0)
    out = capsys.readouterr().out
    for username in ("congdan", "canbo", "lanhdao", "quantri", "hethong"):
        assert username in out
    assert "DEMO" in out
    roles = {
        u: scopes.roles_of(User.objects.get(username=u))
        for u in ("congdan", "canbo", "lanhdao", "quantri", "hethong")
    }
    assert roles["congdan"] == {Role.CITIZEN}
    assert roles["canbo"] == {Role.OFFICER}
    assert roles["hethong"] == {Role.SYSTEM_ADMIN}
    orgs, users = Organization.objects.count(), User.objects.count()

    call_command("seed", profile="demo", quiet=True, history_months=0)
    assert (Organization.objects.count(), User.objects.count()) == (orgs, users)
    assert SeedRun.objects.filter(profile="demo").exists()


def test_demo_seed_keeps_the_2025_commission_merger_history(demo, db):
    old_board = Organization.objects.get(code="02-BDV-2025")  # Hà Giang, merged into Tuyên Quang
    assert old_board.valid_to.isoformat() == "2025-02-28"
    assert old_board.current.code == "08-BTGDV"
    leader = User.objects.get(username="demo08_0")  # Tuyên Quang's demo leader, subtree
    assert leader.has_perm("org.view_organization", old_board)


def test_demo_data_is_labelled_on_every_page(client, demo, db):
    from django.core.cache import cache

    cache.clear()
    assert "demo-banner" in client.get("/").content.decode()


def test_demo_totp_prints_a_code_that_signs_the_demo_administrator_in(capsys, demo, db):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    capsys.readouterr()
    call_command("demo_totp", "quantri")
    code = capsys.readouterr().out.strip()
    authenticator = Authenticator.objects.get(user__username="quantri", type="totp")
    assert TOTP(authenticator).validate_code(code)


def test_demo_totp_refuses_a_real_account(db):
    from django.core.management.base import CommandError

    from danvan.accounts.services import create_user

    create_user(username="thatsu", email="thatsu@gov.vn", password="mat-khau-dai-1234")
    with pytest.raises(CommandError):
        call_command("demo_totp", "thatsu")


def test_demo_seed_makes_cases_at_every_stage_that_the_demo_officer_sees(demo, db):
    from collections import Counter

    from danvan.cases.models import Case
    from danvan.cases.selectors import InboxFilters, inbox

    states = Counter(Case.objects.values_list("state", flat=True))
    assert {"received", "classified", "accepted", "resolved"} <= set(states)
    assert inbox(User.objects.get(username="canbo"), InboxFilters()).exists()
    assert all("(demo)" in c.petitioner.data()["full_name"] for c in Case.objects.all()[:5])


def test_demo_seed_shows_recognized_models_and_a_published_contest_once(
    client, db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from django.urls import reverse

    from danvan.contests.models import Contest, ContestStatus
    from danvan.emulation.models import AwardDecision, Movement
    from danvan.exemplars.models import Exemplar

    call_command("seed", profile="demo", quiet=True, history_months=0)
    models = Exemplar.objects.filter(state="recognized")
    assert models.count() == 36  # twelve in each of the three demo provinces
    assert all("(demo)" in name for name in models.values_list("name", flat=True))
    contest = Contest.objects.get()
    assert contest.status == ContestStatus.PUBLISHED and "(demo)" in contest.name
    assert client.get(f"/hoi-thi/{contest.pk}/").status_code == 200
    assert client.get("/dan-van-kheo/").context["page"].paginator.count == 36

    # An emulation movement scored in its cluster, and an award decision in the honor roll.
    decision = AwardDecision.objects.get()
    assert decision.number == "2345/QĐ-UBND" and decision.recipients.count() == 2
    assert "Nguyễn Thị Demo" in client.get(reverse("emulation:honor_roll")).content.decode()

    call_command("seed", profile="demo", quiet=True, history_months=0)
    assert (Exemplar.objects.count(), Contest.objects.count()) == (45, 1)
    assert (Movement.objects.count(), AwardDecision.objects.count()) == (1, 1)
