"""The registry: symbols checked by each system's rules, kinds read from them, duplicates
refused, links, standing as of any date, and the search that ignores diacritics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.directives import access
from danvan.directives.models import Document, DocumentKind, DocumentState, LinkKind
from danvan.directives.selectors.documents import (
    Standing,
    search,
    standing,
    with_replacement,
)
from danvan.directives.services.documents import (
    DocumentSpec,
    link_documents,
    register_document,
    update_document,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _spec(symbol: str, day: dt.date, **kw) -> DocumentSpec:  # type: ignore[no-untyped-def]
    return DocumentSpec(
        symbol=symbol,
        signed_on=day,
        summary=kw.pop("summary", "Về công tác dân vận"),
        issuer_name=kw.pop("issuer_name", "Bộ Chính trị"),
        **kw,
    )


@pytest.mark.parametrize(
    ("symbol", "kind", "system"),
    [
        ("25-NQ/TW", DocumentKind.RESOLUTION, "party"),
        ("11-QĐi/TW", DocumentKind.REGULATION, "party"),
        ("24-KH/BDVTU", DocumentKind.PLAN, "party"),
        ("33/CT-TTg", DocumentKind.DIRECTIVE, "state"),
        ("1207/QĐ-UBND", DocumentKind.DECISION, "state"),
        ("13/2023/NĐ-CP", DocumentKind.DECREE, "state"),
        ("91/2025/QH15", DocumentKind.LAW, "state"),
    ],
)
def test_the_kind_and_system_come_from_the_symbol(directing, symbol, kind, system) -> None:  # type: ignore[no-untyped-def]
    year = int(symbol.split("/")[1]) if symbol.count("/") == 2 else 2025
    document = register_document(
        spec=_spec(symbol, dt.date(year, 3, 5)), registrar=directing.central
    )
    assert (document.kind, document.system) == (kind, system)


@pytest.mark.parametrize(
    "symbol", ["25/NQ-TW-X", "12/12", "NQ-25/TW", "25-XYZ/TW", "13/1800/NĐ-CP"]
)
def test_a_symbol_outside_both_systems_rules_is_refused_and_nothing_is_saved(
    directing, symbol
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        register_document(spec=_spec(symbol, dt.date(2025, 1, 2)), registrar=directing.central)
    assert "symbol" in error.value.message_dict
    assert Document.objects.count() == 1  # the fixture's directive only


def test_a_normative_symbol_must_agree_with_the_year_signed(directing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        register_document(
            spec=_spec("30/2020/NĐ-CP", dt.date(2021, 3, 5)), registrar=directing.central
        )
    assert "signed_on" in error.value.message_dict


def test_the_same_document_twice_is_refused(directing) -> None:  # type: ignore[no-untyped-def]
    spec = _spec("236-KL/TW", dt.date(2026, 1, 15), issuer_name="Ban Bí thư")
    with pytest.raises(ValidationError):
        register_document(spec=spec, registrar=directing.central)


def test_two_communes_plans_with_one_symbol_and_day_are_two_documents(directing) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2026, 3, 1)
    for org in (directing.a1, directing.a2):
        register_document(
            spec=DocumentSpec(symbol="15-KH/ĐU", signed_on=day, summary="Kế hoạch", issuer=org),
            registrar=org,
        )
    assert Document.objects.filter(symbol="15-KH/ĐU").count() == 2


def test_dates_in_the_wrong_order_are_refused(directing) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        register_document(
            spec=_spec(
                "35-CT/TW",
                dt.date(2014, 5, 26),
                effective_from=dt.date(2014, 5, 20),
                expires_on=dt.date(2014, 1, 1),
            ),
            registrar=directing.central,
        )
    assert {"effective_from", "expires_on"} <= set(error.value.message_dict)


def test_standing_follows_the_dates_and_replacements(directing) -> None:  # type: ignore[no-untyped-def]
    old = register_document(
        spec=_spec("03/2011/QH13", dt.date(2011, 11, 11), effective_from=dt.date(2012, 7, 1)),
        registrar=directing.central,
    )
    new = register_document(
        spec=_spec("25/2018/QH14", dt.date(2018, 6, 12), effective_from=dt.date(2019, 1, 1)),
        registrar=directing.central,
    )
    link_documents(source=new, kind=LinkKind.REPLACES, target=old)
    annotated = with_replacement(Document.objects.filter(pk=old.pk)).get()
    assert standing(annotated, dt.date(2012, 1, 1)) == Standing.NOT_YET
    assert standing(annotated, dt.date(2015, 1, 1)) == Standing.IN_FORCE
    assert standing(annotated, dt.date(2018, 12, 31)) == Standing.IN_FORCE
    assert standing(annotated, dt.date(2019, 1, 1)) == Standing.REPLACED
    in_force_2015 = search(Document.objects.all(), standing_on=dt.date(2015, 1, 1))
    assert old in in_force_2015 and new not in in_force_2015
    in_force_2020 = search(Document.objects.all(), standing_on=dt.date(2020, 1, 1))
    assert new in in_force_2020 and old not in in_force_2020


def test_an_expired_document_is_expired_after_its_last_day(directing) -> None:  # type: ignore[no-untyped-def]
    doc = register_document(
        spec=_spec("05-CT/TW", dt.date(2016, 5, 15), expires_on=dt.date(2021, 5, 15)),
        registrar=directing.central,
    )
    annotated = with_replacement(Document.objects.filter(pk=doc.pk)).get()
    assert standing(annotated, dt.date(2021, 5, 15)) == Standing.IN_FORCE
    assert standing(annotated, dt.date(2021, 5, 16)) == Standing.EXPIRED


def test_search_ignores_diacritics_and_reads_the_full_text(directing) -> None:  # type: ignore[no-untyped-def]
    register_document(
        spec=_spec(
            "35-CT/TW",
            dt.date(2014, 5, 26),
            summary="Về tăng cường sự lãnh đạo của Đảng đối với công tác tiếp dân",
            text="Người đứng đầu cấp ủy phải trực tiếp tiếp công dân định kỳ.",
        ),
        registrar=directing.central,
    )
    found = lambda q: set(search(Document.objects.all(), q=q).values_list("symbol", flat=True))  # noqa: E731
    assert found("tiep dan") == {"35-CT/TW"}
    assert found("nguoi dung dau dinh ky") == {"35-CT/TW"}
    assert found("TIẾP CÔNG DÂN") == {"35-CT/TW"}
    assert found("chi thi 49") == {"236-KL/TW"}
    assert found("khong co dau") == set()


def test_a_replacement_must_be_signed_after_what_it_replaces(directing) -> None:  # type: ignore[no-untyped-def]
    older = register_document(
        spec=_spec("290-QĐ/TW", dt.date(2010, 2, 25)), registrar=directing.central
    )
    with pytest.raises(ValidationError):
        link_documents(source=older, kind=LinkKind.REPLACES, target=directing.directive)


def test_only_the_registering_bodys_staff_correct_an_entry(directing) -> None:  # type: ignore[no-untyped-def]
    spec = _spec(
        "236-KL/TW", dt.date(2026, 1, 15), summary="Sửa trích yếu", issuer_name="Ban Bí thư"
    )
    with pytest.raises(PermissionDenied):
        update_document(document=directing.directive, spec=spec, actor=directing.hanoi_leader)
    update_document(document=directing.directive, spec=spec, actor=directing.central_officer)
    directing.directive.refresh_from_db()
    assert directing.directive.summary == "Sửa trích yếu"


def test_a_proposed_entry_is_seen_only_by_its_registering_body(directing) -> None:  # type: ignore[no-untyped-def]
    proposed = register_document(
        spec=_spec("99-CT/TW", dt.date(2026, 2, 1)),
        registrar=directing.central,
        state=DocumentState.PROPOSED,
    )
    assert access.may_see_document(directing.central_officer, proposed)
    assert not access.may_see_document(directing.hanoi_leader, proposed)
    assert access.may_see_document(directing.hanoi_leader, directing.directive)


def test_a_communes_registry_is_not_read_in_another_province(directing) -> None:  # type: ignore[no-untyped-def]
    plan = register_document(
        spec=DocumentSpec(
            symbol="15-KH/ĐU",
            signed_on=dt.date(2026, 3, 1),
            summary="Kế hoạch",
            issuer=directing.a1,
        ),
        registrar=directing.a1,
    )
    assert access.may_see_document(directing.a2_officer, plan)  # same province
    assert access.may_see_document(directing.hanoi_leader, plan)
    assert not access.may_see_document(directing.tq_officer, plan)
    assert not access.may_see_document(UserFactory(), plan)  # a citizen
