"""Charts as data: what a page draws with Chart.js (static/danvan/charts.js) and shows as a
table for screen readers and for reading without JavaScript — one description, both forms.

Each bar (or slice) may carry the address of the records behind it: a figure is a link."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Okabe–Ito: told apart with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#000000")


@dataclass
class Series:
    label: str
    values: list[float | int | None]


@dataclass
class Chart:
    key: str  # unique on the page: the canvas and data ids
    kind: str  # "bar", "hbar", "line", "doughnut"
    title: str
    caption: str  # scope and date: "Hà Nội, đến 04/12/2026"
    labels: list[str]
    series: list[Series]
    links: list[str] = field(default_factory=list)  # one per label, "" for none
    stacked: bool = False
    percent: bool = False  # values are percentages
    tall: bool = False
    # Colours that carry a meaning (done on time, late, past due), one per series — or, for a
    # doughnut, one per slice; the palette's order otherwise.
    colors: list[str] = field(default_factory=list)

    @property
    def data_id(self) -> str:
        return f"{self.key}-data"

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    @property
    def payload(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "labels": self.labels,
            "series": [
                {"label": s.label, "values": s.values, "color": self._color(i)}
                for i, s in enumerate(self.series)
            ],
            "links": self.links,
            "colors": self.colors,
            "stacked": self.stacked,
            "percent": self.percent,
        }

    def _color(self, i: int) -> str:
        return self.colors[i] if i < len(self.colors) else PALETTE[i % len(PALETTE)]

    @property
    def rows(self) -> list[tuple[str, str, list[float | int | None]]]:
        """The table alternative: (label, link, one value per series)."""
        links = self.links or [""] * len(self.labels)
        return [
            (label, links[i], [s.values[i] for s in self.series])
            for i, label in enumerate(self.labels)
        ]
