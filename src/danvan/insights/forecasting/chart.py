"""History, forecast and its interval band as inline SVG geometry: drawn on the server, so it
needs no script and no asset (the shared Chart.js drawing has no band); the same weeks are in
a table beside it. Hidden values (small counts) leave gaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30


@dataclass
class Geometry:
    width: int = WIDTH
    height: int = HEIGHT
    history: list[str] = field(default_factory=list)  # polyline point lists, one per run
    forecast: list[str] = field(default_factory=list)
    band: list[str] = field(default_factory=list)  # polygon point lists
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    divider: float | None = None  # x of the last observed week
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT
    right: int = WIDTH - RIGHT


def _nice(top: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 5:
            return step
    return int(10 ** len(str(int(top))) / 10)


def _runs(points: Sequence[tuple[float, float] | None]) -> list[str]:
    runs: list[str] = []
    current: list[str] = []
    for p in points:
        if p is None:
            if current:
                runs.append(" ".join(current))
            current = []
        else:
            current.append(f"{p[0]:.1f},{p[1]:.1f}")
    if current:
        runs.append(" ".join(current))
    return runs


def geometry(
    weeks: Sequence[dt.date],
    actual: Sequence[int | None],
    mean: Sequence[int | None],
    lower: Sequence[int | None],
    upper: Sequence[int | None],
    last_observed: dt.date,
) -> Geometry:
    g = Geometry()
    values = [v for v in (*actual, *upper, *mean) if v is not None]
    top = max([*values, 1])
    step = _nice(top)
    ceiling = step * (int(top // step) + 1)
    n = max(len(weeks) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * i / n

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - v / ceiling)

    g.y_ticks = [(y(v), v) for v in range(0, ceiling + 1, step)]
    every = max(1, len(weeks) // 6)
    g.x_ticks = [(x(i), w.strftime("%d/%m/%y")) for i, w in enumerate(weeks) if i % every == 0]
    g.history = _runs([(x(i), y(v)) if v is not None else None for i, v in enumerate(actual)])
    join = next((i for i, w in enumerate(weeks) if w == last_observed), None)
    if join is not None:
        g.divider = x(join)
    forecast_points: list[tuple[float, float] | None] = []
    if join is not None and actual[join] is not None and any(m is not None for m in mean):
        forecast_points.append((x(join), y(actual[join] or 0)))
    for i, v in enumerate(mean):
        if v is not None:
            forecast_points.append((x(i), y(v)))
        elif forecast_points and i > (join or 0):
            forecast_points.append(None)
    g.forecast = _runs(forecast_points)
    # The band, one polygon per unbroken run of weeks with both bounds shown.
    run: list[int] = []
    for i in [*range(len(weeks)), -1]:
        if i >= 0 and lower[i] is not None and upper[i] is not None:
            run.append(i)
            continue
        if run:
            upper_edge = [f"{x(j):.1f},{y(upper[j] or 0):.1f}" for j in run]
            lower_edge = [f"{x(j):.1f},{y(lower[j] or 0):.1f}" for j in reversed(run)]
            g.band.append(" ".join(upper_edge + lower_edge))
        run = []
    return g
