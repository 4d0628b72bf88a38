"""Helpers to write organization files the way a user would hand them in."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from danvan.org.services import tree_io


def org_row(code: str, **values: str) -> dict[str, str]:
    """A full row: a valid central mass-mobilization commission unless `values` say otherwise."""
    row = dict.fromkeys(tree_io.COLUMNS, "")
    row.update(code=code, name=f"Cơ quan {code}", kind="mm_commission")
    row.update(values)
    return row


WriteCsv = Callable[..., Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    def write(rows: list[dict[str, str]], name: str = "orgs.csv", delimiter: str = ",") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=tree_io.COLUMNS, delimiter=delimiter)
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked by their English msgids, whatever the Vietnamese catalogue says.
    with translation.override("en"):
        yield
