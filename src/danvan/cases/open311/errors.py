"""Errors in GeoReport's shape: a list of {"code": <int>, "description": <text>}.

The code is the HTTP status (400, 403, 404, 405, 429); the description is for people and is
translated into the active language.
"""

from __future__ import annotations

from typing import Any


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]

    def body(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": d} for d in self.descriptions]
