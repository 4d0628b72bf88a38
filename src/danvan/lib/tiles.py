"""A figure on a dashboard: what each app's `dashboard.leader_tiles` returns for the portal's
leader dashboard to draw (components/figure_card.html)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    value: str
    label: str
    url: str
    change: str = ""
    tone: str = ""  # "", "good", "warn" or "alert"
