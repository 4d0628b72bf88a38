"""API for the emulation app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["emulation"])
