"""Document numbers and symbols of each system read and checked (DESIGN.md §4)."""

from __future__ import annotations

import pytest

from danvan.lib.symbols import Symbol, System, is_valid, parse


@pytest.mark.parametrize(
    ("text", "system", "number", "kind", "issuer", "year", "written"),
    [
        ("25-NQ/TW", System.PARTY, 25, "NQ", "TW", None, "25-NQ/TW"),
        ("11-QĐi/TW", System.PARTY, 11, "QĐi", "TW", None, "11-QĐi/TW"),
        ("144-QĐ/TW", System.PARTY, 144, "QĐ", "TW", None, "144-QĐ/TW"),
        ("24-KH/BTGDVTU", System.PARTY, 24, "KH", "BTGDVTU", None, "24-KH/BTGDVTU"),
        ("11-QDi/TW", System.PARTY, 11, "QĐi", "TW", None, "11-QĐi/TW"),  # typed without Đ
        ("43-kl/TW", System.PARTY, 43, "KL", "TW", None, "43-KL/TW"),
        ("35 - CT/TW", System.PARTY, 35, "CT", "TW", None, "35-CT/TW"),
        ("33/CT-TTg", System.STATE, 33, "CT", "TTg", None, "33/CT-TTg"),
        ("1207/QĐ-UBND", System.STATE, 1207, "QĐ", "UBND", None, "1207/QĐ-UBND"),
        ("1207/QD-UBND", System.STATE, 1207, "QĐ", "UBND", None, "1207/QĐ-UBND"),
        ("13/2023/NĐ-CP", System.STATE, 13, "NĐ", "CP", 2023, "13/2023/NĐ-CP"),
        ("06/2025/TT-TTCP", System.STATE, 6, "TT", "TTCP", 2025, "06/2025/TT-TTCP"),
        ("91/2025/QH15", System.STATE, 91, "", "QH15", 2025, "91/2025/QH15"),
        ("125/UBND-VP", System.STATE, 125, "", "UBND-VP", None, "125/UBND-VP"),
    ],
)
def test_each_systems_symbols_are_read(text, system, number, kind, issuer, year, written):
    symbol = parse(text)
    assert symbol == Symbol(system, number, kind, issuer, year)
    assert str(symbol) == written


@pytest.mark.parametrize(
    "text",
    [
        "",
        "NQ/TW",  # no number
        "25-XYZ/TW",  # no such Party type
        "25/NQ/TW",  # neither system's shape
        "13/2023/XYZ-CP",  # no such normative type
        "13/2023/CP",  # a normative document names its type
        "91/QH15",  # the Assembly's documents carry their year
        "13/1800/NĐ-CP",  # not a year
        "25-NQ-TW",
    ],
)
def test_what_is_no_symbol_is_refused(text):
    assert not is_valid(text)
    with pytest.raises(ValueError):
        parse(text)


def test_the_types_name_is_known():
    assert parse("11-QĐi/TW").kind_name == "Quy định"
    assert parse("30/2020/NĐ-CP").kind_name == "Nghị định"
    assert parse("125/UBND-VP").kind_name == "Công văn"
