"""Pieces every campaigns model shares."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def user_fk(verbose: Any, related: str = "+", *, null: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=null,
        blank=null,
        on_delete=models.SET_NULL if null else models.PROTECT,
        related_name=related,
    )


def org_fk(verbose: Any, related: str = "+", *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        "org.Organization",
        verbose_name=verbose,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name=related,
    )


def unit_fk(verbose: Any, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        "org.AdminUnit",
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related,
    )
