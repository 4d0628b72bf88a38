"""The registry of named figure sources (DESIGN.md §6): every figure a report or a dashboard
shows that the platform already knows comes from here.

Each app registers one or more groups (`register`) from its AppConfig.ready: a group names its
sources and counts all of them for a body's subtree over a window of days in one go (a few
aggregate queries, not one per figure), and gives the address of the records behind each one.
No app computes another app's figures: the reports app only asks the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Window:
    """The days a figure covers, both included (a reporting period's cut-off dates)."""

    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class Source:
    key: str  # "cases.received.complaint": the group's name, a dot, the figure
    label: Any  # lazy text, through gettext
    value_type: str  # reports.ValueType: count, decimal, percent, …
    unit: Any = ""  # lazy text
    definition: Any = ""


@dataclass(frozen=True)
class Group:
    name: str  # "cases"
    label: Any  # lazy text: "Đơn thư, phản ánh của người dân"
    sources: Callable[[], list[Source]]
    # (organization id, window, keys asked) -> {key: value}; the subtree is the group's own
    # notion of whose records a body answers for (the inbox's "body and those under it").
    count: Callable[[int, Window, set[str]], dict[str, Decimal]]
    # (key, organization id, window) -> the address of the records behind the figure, or "".
    records_url: Callable[[str, int, Window], str]


_GROUPS: dict[str, Group] = {}


def register(group: Group) -> None:
    _GROUPS[group.name] = group


def groups() -> list[Group]:
    return list(_GROUPS.values())


def group_of(key: str) -> Group | None:
    return _GROUPS.get(key.split(".", 1)[0])


def sources() -> dict[str, Source]:
    return {s.key: s for g in _GROUPS.values() for s in g.sources()}


def source(key: str) -> Source | None:
    group = group_of(key)
    if group is None:
        return None
    return next((s for s in group.sources() if s.key == key), None)


def count(keys: Iterable[str], organization_id: int, window: Window) -> dict[str, Decimal]:
    """The values of `keys` for a body's subtree over `window`: each group asked once, for
    its own keys only. Unknown keys are left out (the caller says which are missing)."""
    asked: dict[str, set[str]] = {}
    for key in keys:
        group = group_of(key)
        if group is not None:
            asked.setdefault(group.name, set()).add(key)
    values: dict[str, Decimal] = {}
    for name, wanted in asked.items():
        values.update(_GROUPS[name].count(organization_id, window, wanted))
    return values


def records_address(list_url: str, key: str, organization_id: int, window: Window) -> str:
    """A list page filtered to the records behind a figure: the body (and those under it),
    the figure's key and its window — the query the inbox and the models' registry read."""
    query = {
        "org": organization_id,
        "figure": key,
        "figure_from": window.starts_on.strftime("%d/%m/%Y"),
        "figure_to": window.ends_on.strftime("%d/%m/%Y"),
    }
    return f"{list_url}?{urlencode(query)}"


def records_at(
    url_name: str, known: Callable[[str, Window], object | None]
) -> Callable[[str, int, Window], str]:
    """A group's `records_url`: the list page `url_name` filtered to a key's records, for
    the keys `known` gives a filter for (the one the group counts with), else ""."""

    def address(key: str, organization_id: int, window: Window) -> str:
        if known(key, window) is None:
            return ""
        return records_address(reverse(url_name), key, organization_id, window)

    return address


def records_url(key: str, organization_id: int, window: Window) -> str:
    group = group_of(key)
    return group.records_url(key, organization_id, window) if group is not None else ""
