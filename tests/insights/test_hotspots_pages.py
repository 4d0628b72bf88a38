"""The hotspot register's pages: who may see and do what, the lifecycle and its notes, the
records behind a hotspot as each user may see them, the dashboard tile, query counts."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from danvan.accounts.models import Role, Scope
from danvan.cases.access import cases_for
from danvan.cases.services.intake import PersonData, Submission, submit
from danvan.insights.dashboard import leader_tiles
from danvan.insights.models import (
    Hotspot,
    HotspotKind,
    HotspotLink,
    HotspotNote,
    HotspotState,
    SensitiveUse,
    TextSource,
)
from tests.factories import UserFactory, sign_in, sign_in_with_totp, user_with

from .hotspot_data import WEEK, texts

pytestmark = pytest.mark.django_db


def hotspot(network, n: int = 0, **kw) -> Hotspot:
    unit = kw.pop("unit", network.commune_a1.unit)
    values = {
        "key": f"place:{unit.pk}:{WEEK}:{n}",
        "kind": HotspotKind.PLACE_SURGE,
        "title": f"Điểm nóng {n}",
        "week": WEEK,
        "unit": unit,
        "province": unit.province or unit,
        "observed": 14,
        "baseline": 1.5,
        "p_value": 1e-9,
        "adjusted_p": 3e-6,
        "detected_at": timezone.now(),
    }
    values.update(kw)
    return Hotspot.objects.create(**values)


@pytest.fixture
def people(network):
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "officer_here": user_with(network.commune_a1, Role.OFFICER),
        "leader_here": user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        "officer_elsewhere": user_with(network.province_b, Role.OFFICER, Scope.SUBTREE),
        "unit_admin": user_with(network.province_a, Role.UNIT_ADMIN, Scope.SUBTREE),
        "system_admin": user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE),
    }


# (view register, view hotspot, change state, assign): the status each gets.
MATRIX = {
    "anonymous": (302, 302, 302, 302),
    "citizen": (403, 403, 403, 403),
    "officer_here": (200, 200, 302, 302),
    "leader_here": (200, 200, 302, 302),
    "officer_elsewhere": (200, 404, 404, 404),
    "unit_admin": (200, 200, 403, 403),
    "system_admin": (200, 200, 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client, network, people, who):
    h = hotspot(network)
    user = people[who]
    if user is not None:
        (sign_in if who == "citizen" else sign_in_with_totp)(client, user)
    got = (
        client.get(reverse("insights:hotspots")).status_code,
        client.get(reverse("insights:hotspot", args=[h.pk])).status_code,
        client.post(
            reverse("insights:hotspot_state", args=[h.pk]), {"state": HotspotState.WATCHED}
        ).status_code,
        client.post(
            reverse("insights:hotspot_assign", args=[h.pk]),
            {"in_charge": network.commune_a1.pk},
        ).status_code,
    )
    assert got == MATRIX[who]
    h.refresh_from_db()
    allowed = MATRIX[who][2] == 302 and user is not None
    assert (h.state == HotspotState.WATCHED) == allowed
    assert (h.in_charge_id == network.commune_a1.pk) == allowed


def test_the_register_lists_only_the_territory_and_filters(client, network):
    here = hotspot(network, 1)
    elsewhere = hotspot(network, 2, unit=network.commune_b1.unit)
    settled = hotspot(network, 3, state=HotspotState.SETTLED)
    officer = sign_in_with_totp(client, user_with(network.province_a, Role.OFFICER, Scope.SUBTREE))
    page = client.get(reverse("insights:hotspots")).content.decode()
    assert f'data-hotspot="{here.pk}"' in page
    assert f'data-hotspot="{elsewhere.pk}"' not in page
    assert f'data-hotspot="{settled.pk}"' not in page  # open ones by default
    page = client.get(reverse("insights:hotspots"), {"state": "settled"}).content.decode()
    assert f'data-hotspot="{settled.pk}"' in page and f'data-hotspot="{here.pk}"' not in page
    assert client.get(reverse("insights:hotspots"), {"week": "31/02/2026"}).status_code == 400
    assert client.get(reverse("insights:hotspots"), {"state": "nonsense"}).status_code == 400
    assert officer is not None


def test_the_register_costs_the_same_queries_for_3_or_30_hotspots(
    client, network, django_assert_max_num_queries
):
    sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    for i in range(3):
        hotspot(network, i, in_charge=network.commune_a1, assigned_to=UserFactory())
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("insights:hotspots")).status_code == 200
    for i in range(3, 30):
        hotspot(network, i, in_charge=network.commune_a1, assigned_to=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("insights:hotspots"))
    assert page.content.decode().count('data-testid="hotspot-row"') == 25


def test_lifecycle_moves_with_a_note_each_and_refuses_invalid_steps(client, network):
    h = hotspot(network)
    leader = sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    url = reverse("insights:hotspot_state", args=[h.pk])

    assert client.post(url, {"state": HotspotState.SETTLED}).status_code == 400  # not handled yet
    assert client.post(url, {"state": "burning"}).status_code == 400
    for state in (HotspotState.WATCHED, HotspotState.HANDLING, HotspotState.SETTLED):
        assert client.post(url, {"state": state, "note": f"→ {state}"}).status_code == 302
    assert client.post(url, {"state": HotspotState.DISMISSED}).status_code == 400

    h.refresh_from_db()
    assert h.state == HotspotState.SETTLED and h.settled_at is not None
    notes = list(
        HotspotNote.objects.filter(hotspot=h).values_list("state_from", "state_to", "body")
    )
    assert notes == [
        ("detected", "watched", "→ watched"),
        ("watched", "handling", "→ handling"),
        ("handling", "settled", "→ settled"),
    ]
    assert LogEntry.objects.filter(user=leader, object_id=str(h.pk)).count() == 3


def test_assigning_names_the_body_and_an_officer_of_it(client, network):
    h = hotspot(network)
    sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    officer = user_with(network.commune_a1, Role.OFFICER)
    stranger = user_with(network.commune_a2, Role.OFFICER)
    url = reverse("insights:hotspot_assign", args=[h.pk])

    assert client.post(url, {"assigned_to": officer.pk}).status_code == 400  # no body
    assert (
        client.post(
            url, {"in_charge": network.commune_a1.pk, "assigned_to": stranger.pk}
        ).status_code
        == 400
    )
    assert (
        client.post(url, {"in_charge": network.province_b.pk}).status_code == 400
    )  # not of the place
    assert (
        client.post(
            url, {"in_charge": network.commune_a1.pk, "assigned_to": officer.pk, "note": "Gấp"}
        ).status_code
        == 302
    )
    h.refresh_from_db()
    assert (h.in_charge_id, h.assigned_to_id) == (network.commune_a1.pk, officer.pk)
    assert HotspotNote.objects.filter(hotspot=h, body__contains="Gấp").exists()
    page = client.get(reverse("insights:hotspot", args=[h.pk])).content.decode()
    assert 'data-testid="hotspot-in-charge"' in page and network.commune_a1.name in page


def _case_text(network, *, kind: str, restricted: bool = False):
    result = submit(
        submission=Submission(
            title="Tố cáo cán bộ xã",
            content="Cán bộ địa chính xã nhận tiền để cấp sổ đỏ sai quy định.",
            channel="web",
            unit=network.commune_a1.unit,
            person=PersonData(full_name="Người tố cáo", phone="0911222333", consent=True),
        ),
        client="test",
        idempotency_key=f"den-{kind}",
    )
    (text,) = texts(
        1, week=WEEK, unit=network.commune_a1.unit, case_kind=kind, restricted=restricted
    )
    text.source, text.source_id = TextSource.CASE, result.case.pk
    text.content = "NỘI DUNG TỐ CÁO BÍ MẬT"
    text.save(update_fields=["source", "source_id", "content"])
    return text, result.case


def test_a_linked_denunciation_is_counted_not_shown_to_an_officer_who_may_not_read_it(
    client, network
):
    h = hotspot(network)
    text, case = _case_text(network, kind="denunciation", restricted=True)
    HotspotLink.objects.create(hotspot=h, text=text)
    outsider = user_with(network.province_a_committee, Role.OFFICER)
    assert not cases_for(outsider).filter(pk=case.pk).exists()  # the premise
    reader = next(
        u
        for u in (
            user_with(network.commune_a1_committee, Role.OFFICER),
            user_with(network.province_a, Role.LEADER, Scope.SUBTREE),
        )
        if cases_for(u).filter(pk=case.pk).exists()
    )

    sign_in_with_totp(client, outsider)
    page = client.get(reverse("insights:hotspot", args=[h.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "NỘI DUNG TỐ CÁO BÍ MẬT" not in body
    assert case.tracking_code not in body
    assert 'data-testid="hotspot-restricted-count"' in body

    client.logout()
    sign_in_with_totp(client, reader)
    body = client.get(reverse("insights:hotspot", args=[h.pk])).content.decode()
    assert "NỘI DUNG TỐ CÁO BÍ MẬT" in body
    assert reverse("cases:detail", args=[case.tracking_code]) in body


def test_sensitive_linked_texts_are_counted_never_shown_and_their_use_logged(client, network):
    h = hotspot(network)
    (text,) = texts(
        1, week=WEEK, unit=network.commune_a1.unit, sensitive=True, content="QUAN ĐIỂM TÔN GIÁO"
    )
    HotspotLink.objects.create(hotspot=h, text=text)
    leader = sign_in_with_totp(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    body = client.get(reverse("insights:hotspot", args=[h.pk])).content.decode()
    assert "QUAN ĐIỂM TÔN GIÁO" not in body
    assert 'data-testid="hotspot-sensitive-count"' in body
    assert SensitiveUse.objects.filter(user=leader, purpose="hotspot_page", texts=1).exists()


def test_the_page_explains_the_figures(client, network):
    h = hotspot(network)
    sign_in_with_totp(client, user_with(network.commune_a1, Role.OFFICER))
    body = client.get(reverse("insights:hotspot", args=[h.pk])).content.decode()
    for testid in ("hotspot-observed", "hotspot-baseline", "hotspot-p", "hotspot-adjusted-p"):
        assert f'data-testid="{testid}"' in body
    assert (
        'data-testid="hotspot-state-form"' in body and 'data-testid="hotspot-assign-form"' in body
    )


def test_the_leaders_tile_counts_the_open_hotspots_of_their_territory(network):
    hotspot(network, 1)
    hotspot(network, 2, state=HotspotState.HANDLING)
    hotspot(network, 3, state=HotspotState.SETTLED)
    hotspot(network, 4, unit=network.commune_b1.unit)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    (tile,) = leader_tiles(leader, WEEK)
    assert (tile.value, tile.tone) == ("1", "alert")
    assert "2" in tile.change
    assert tile.url.startswith(reverse("insights:hotspots"))
    nobody = user_with(network.province_b, Role.LEADER, Scope.SUBTREE)
    HotspotLink.objects.all().delete()
    Hotspot.objects.filter(province=network.province_b.unit).delete()
    assert leader_tiles(nobody, WEEK) == []
