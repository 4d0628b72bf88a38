"""Open311's point → commune: the same search as the web form's pin (services.places)."""

from __future__ import annotations

from ..services.places import RADII, nearest_commune

__all__ = ["RADII", "nearest_commune"]
