"""Helpers to write files of citizen matters the way an officer would hand them in."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from danvan.accounts.models import Role
from danvan.cases.services import case_import
from tests.factories import user_with


def case_row(network, **values: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """A full, valid row for commune A1 unless `values` say otherwise."""
    row = dict.fromkeys(case_import.COLUMNS, "")
    row.update(
        received_at="15/01/2026 09:30",
        channel="letter",
        title="Đề nghị sửa đường liên thôn",
        content="Đường liên thôn xuống cấp, nhiều ổ gà, đề nghị sửa chữa trước mùa mưa.",
        unit_code=network.commune_a1.unit.code,
        full_name="Trần Thị Bình",
        phone="0912 345 678",
    )
    row.update(values)
    return row


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    def write(rows: list[dict[str, str]], name: str = "cases.csv", delimiter: str = ",") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=case_import.COLUMNS, delimiter=delimiter)
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def officer(network):  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1_committee, Role.OFFICER)


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked by their English msgids, whatever the Vietnamese catalogue says.
    with translation.override("en"):
        yield
