"""`danvan seed --profile demo|national`: generated data, clearly labelled as such."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from danvan.demo.history import MONTHS as HISTORY_MONTHS
from danvan.demo.people import DEMO_PASSWORD, DEMO_TOTP_SECRET
from danvan.demo.services import seed_demo, seed_national


class Command(BaseCommand):
    help = "Load the national units and build the demo dataset or the whole national network."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--profile", choices=["demo", "national"], default="demo")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--history-months",
            type=int,
            default=HISTORY_MONTHS,
            help=f"Demo only: months of past matters to generate (default {HISTORY_MONTHS}; "
            "0 for none, a lighter demo).",
        )

    def handle(
        self, *args: Any, profile: str, quiet: bool, history_months: int, **options: Any
    ) -> None:
        show = not quiet and sys.stderr.isatty()

        def progress(items):
            items = list(items)
            return tqdm(items, disable=not show, unit=" units", leave=False)

        started = time.monotonic()
        if profile == "demo":
            result = seed_demo(progress=progress, history_months=max(history_months, 0))
        else:
            result = seed_national(progress=progress)
        took = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed '{profile}' done in {took:.1f}s: {result.units_created} units and "
                f"{result.organizations_created} organizations and {result.cases_created} "
                "matters created."
            )
        )
        if profile == "demo":
            self._print_logins(result)

    def _print_logins(self, result) -> None:
        self.stdout.write("")
        self.stdout.write("DỮ LIỆU DEMO — tài khoản đăng nhập / DEMO DATA — demo logins")
        self.stdout.write(f"  Mật khẩu chung / password for all: {DEMO_PASSWORD}")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<10} {login.role:<13} {login.full_name}")
        self.stdout.write(
            "  Tài khoản quản trị (quantri, hethong) cần mã TOTP / administrators need a TOTP "
            f"code: secret {DEMO_TOTP_SECRET}, or run: {sys.argv[0]} demo_totp quantri"
        )
