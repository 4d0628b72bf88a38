"""Import citizen matters from CSV or XLSX, all or nothing:
`danvan case_import FILE --actor USERNAME`."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from danvan.accounts.models import User
from danvan.cases.services import case_import


class Command(BaseCommand):
    help = (
        "Record citizen matters (letters, citizens received in person) from a CSV or XLSX "
        f"file (columns: {', '.join(case_import.COLUMNS)}). Nothing is recorded unless every "
        "row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--actor",
            required=True,
            metavar="USERNAME",
            help="The officer who records the matters and answers for the data.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report; record nothing.",
        )
        parser.add_argument(
            "--errors-out",
            type=Path,
            metavar="PATH",
            help="Also write the errors found to this CSV file.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        errors_out = Path(options["errors_out"]) if options["errors_out"] else None
        actor = User.objects.filter(username=options["actor"]).first()
        if actor is None or not actor.is_active:
            raise CommandError(
                _("No active user %(username)s: give the username of the officer who records.")
                % {"username": options["actor"]}
            )
        try:
            rows = case_import.read_rows(options["path"])
        except case_import.ImportFileError as exc:
            if not exc.errors:
                raise CommandError(str(exc)) from exc
            self._fail(exc.errors, errors_out)
        show = not options["quiet"] and sys.stderr.isatty()

        def progress(items: Sequence[case_import.Row]) -> Iterable[case_import.Row]:
            return tqdm(items, unit=" rows", file=sys.stderr, leave=False, disable=not show)

        try:
            result = case_import.import_cases(
                actor=actor, rows=rows, dry_run=options["dry_run"], progress=progress
            )
        except PermissionDenied as exc:
            raise CommandError(
                _(
                    "%(username)s may not record citizen matters: an officer, leader or unit "
                    "administrator of a body must run the import."
                )
                % {"username": actor.username}
            ) from exc
        if not result.ok:
            self._fail(result.errors, errors_out)
        if not result.checked:
            raise CommandError(
                _("The file has no matters below the header row: nothing was imported.")
            )
        if result.dry_run:
            summary = ngettext(
                "Dry run: %(count)s matter would be created; nothing was recorded.",
                "Dry run: %(count)s matters would be created; nothing was recorded.",
                result.checked,
            ) % {"count": result.checked}
        else:
            summary = ngettext(
                "Created %(count)s matter.", "Created %(count)s matters.", len(result.created)
            ) % {"count": len(result.created)}
        if options["verbosity"] >= 2:
            for code in result.created:
                self.stdout.write(f"  {code}")
        self.stdout.write(self.style.SUCCESS(summary))

    def _fail(self, errors: Sequence[case_import.RowError], errors_out: Path | None) -> None:
        self.stdout.write(_table(errors))
        message = ngettext(
            "Nothing was imported: %(count)s error found. Fix the rows listed and run the "
            "import again.",
            "Nothing was imported: %(count)s errors found. Fix the rows listed and run the "
            "import again.",
            len(errors),
        ) % {"count": len(errors)}
        if errors_out is not None:
            with errors_out.open("w", encoding="utf-8-sig", newline="") as stream:
                case_import.write_errors_csv(errors, stream)
            message += " " + _("The list is also in %(path)s.") % {"path": errors_out}
        raise CommandError(message)


def _table(errors: Sequence[case_import.RowError]) -> str:
    header = (_("Row"), _("Column"), _("Message"))
    lines = [(str(e.row), e.column, e.message) for e in errors]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(2)]
    return "\n".join(
        f"{row:>{widths[0]}}  {column:<{widths[1]}}  {message}"
        for row, column, message in [header, *lines]
    )
