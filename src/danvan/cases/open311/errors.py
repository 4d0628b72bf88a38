"""Errors in GeoReport's shape: a list of {"code": <int>, "description": <text>}.

The code is the HTTP status (400, 403, 404, 405, 413, 415, 429, 500); the description is for
people and is translated into the active language.
"""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


class Open311Error(Exception):
    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]

    def body(self) -> list[dict[str, Any]]:
        return [{"code": self.status, "description": d} for d in self.descriptions]

    def response(self) -> JsonResponse:
        return JsonResponse(
            self.body(),
            status=self.status,
            safe=False,
            json_dumps_params={"ensure_ascii": False},
        )
