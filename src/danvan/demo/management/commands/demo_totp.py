"""Print the current TOTP code of a demo administrator (demo accounts only)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.accounts.models import User
from danvan.demo.people import DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Show the current two-factor code of a demo administrator account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None or not user.email.endswith("@" + DEMO_EMAIL_DOMAIN):
            raise CommandError(
                f"'{username}' is not a demo account. Only accounts made by "
                "'danvan seed --profile demo' have a known two-factor secret."
            )
        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
