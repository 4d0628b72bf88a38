"""The shell: navigation by role (every entry shown opens), the current place marked, messages
by kind, Vietnamese error pages inside the shell, and the search box."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.test import RequestFactory
from django.urls import reverse

from danvan.accounts.services import create_user
from danvan.portal.navigation import navigation_for
from tests.cases.test_deadline_defects import at, receive
from tests.factories import Role, Scope, sign_in_with_totp, user_with

pytestmark = pytest.mark.django_db


def _keys(user, path="/") -> set[str]:  # type: ignore[no-untyped-def]
    return {p.key for p in navigation_for(user, path).places}


def test_citizen_menu_has_public_modules_and_no_staff_ones(client, db):
    citizen = create_user(username="dan1", email="dan1@example.vn", password="mat-khau-dai-123")
    keys = _keys(citizen)
    assert {"home", "submit", "track", "mine", "gallery", "honor_roll", "contest_results"} <= keys
    assert not keys & {"inbox", "registry", "movements", "contests", "admin"}


def test_officer_menu_reaches_every_staff_module(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    keys = _keys(officer)
    assert {"inbox", "registry", "figures", "gallery", "contests", "units"} <= keys
    assert "admin" not in keys and "submit" not in keys


def test_system_administrator_reaches_the_admin_site(network):
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE, is_staff=True)
    assert "admin" in _keys(admin)


@pytest.mark.parametrize(
    ("holder", "role", "scope"),
    [
        ("commune_a1_committee", Role.OFFICER, Scope.UNIT),
        ("province_a", Role.LEADER, Scope.SUBTREE),
        ("central", Role.SYSTEM_ADMIN, Scope.SUBTREE),
    ],
)
def test_every_navigation_entry_opens_for_its_user(network, client, holder, role, scope):
    user = user_with(getattr(network, holder), role, scope, is_staff=role == Role.SYSTEM_ADMIN)
    sign_in_with_totp(client, user)
    for place in navigation_for(user, "/").places:
        assert client.get(place.url).status_code == 200, place.url


def test_the_current_place_is_the_longest_matching_entry(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    nav = navigation_for(officer, reverse("cases:detail", args=["DV2612ABCDEF"]))
    assert nav.current is not None and nav.current.key == "inbox"
    assert navigation_for(officer, reverse("exemplars:figures")).current.key == "figures"  # type: ignore[union-attr]
    assert (
        navigation_for(officer, "/").current is None
    )  # the landing page is not in a signed-in menu


def test_side_navigation_marks_the_current_page(network, client):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("cases:inbox")).content.decode()
    assert f'href="{reverse("cases:inbox")}" aria-current="page"' in page
    assert 'aria-label="Bạn đang ở đây"' in page  # breadcrumbs


def test_success_is_styled_as_success_and_errors_as_alerts(client, db, rf: RequestFactory):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.session = client.session  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    request.user = create_user(
        username="dan2", email="dan2@example.vn", password="mat-khau-dai-123"
    )
    messages.success(request, "Đăng nhập thành công")
    messages.error(request, "Sai mật khẩu")
    html = render_to_string("base.html", request=request)
    assert 'class="message message-success" role="status"' in html
    assert 'class="message message-error" role="alert"' in html


def test_not_found_page_is_vietnamese_inside_the_shell(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and 'id="sidenav"' in page
    assert "Page not found" not in page


def test_forbidden_page_says_what_to_do_next(network, client):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(officer)
    response = client.get(reverse("portal:organization", args=[network.province_b.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền mở trang này" in page and "quản trị viên" in page


def test_server_error_page_falls_back_to_plain_vietnamese_when_the_shell_fails(rf, monkeypatch):
    from danvan.portal import errors

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("database gone")

    monkeypatch.setattr(errors, "render", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Đã có lỗi ở phía hệ thống" in response.content.decode()


def test_own_organization_page_does_not_link_to_a_parent_it_may_not_open(network, client):
    officer = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("portal:organization", args=[network.commune_a1.pk])).content.decode()
    assert network.province_a.name in page
    assert reverse("portal:organization", args=[network.province_a.pk]) not in page


def test_search_finds_a_matter_by_code_only_in_scope(network, client):
    case, _s = receive(network, at(2026, 11, 2), "s1")
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    stranger = user_with(network.commune_b1, Role.OFFICER)
    client.force_login(officer)
    found = client.get(reverse("portal:search"), {"q": case.tracking_code.lower()}).context["found"]
    assert found.case == case
    client.force_login(stranger)
    found = client.get(reverse("portal:search"), {"q": case.tracking_code}).context["found"]
    assert found.case is None and found.case_code_unknown


def test_search_finds_units_and_bodies_without_diacritics(network, client):
    officer = user_with(network.province_a, Role.OFFICER, Scope.SUBTREE)
    client.force_login(officer)
    found = client.get(reverse("portal:search"), {"q": "ha noi"}).context["found"]
    assert any(u.name == "Thành phố Hà Nội" for u in found.units)
    assert network.province_a in found.organizations
    assert network.province_b not in found.organizations
