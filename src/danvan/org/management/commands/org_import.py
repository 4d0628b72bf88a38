"""Import the organization tree from CSV or XLSX, all or nothing: `danvan org_import FILE`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.lib.spreadsheets import write_errors_csv
from danvan.org.services import tree_io


class Command(BaseCommand):
    help = (
        "Create and update organizations from a CSV or XLSX file (columns: "
        f"{', '.join(tree_io.COLUMNS)}). Nothing changes unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change; change nothing.",
        )
        parser.add_argument(
            "--errors-out",
            type=Path,
            metavar="PATH",
            help="Also write the errors found to this CSV file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        errors_out: Path | None = options["errors_out"]
        try:
            rows = tree_io.read_rows(options["path"])
        except tree_io.ImportFileError as exc:
            if not exc.errors:
                raise CommandError(str(exc)) from exc
            self._fail(exc.errors, errors_out)
        result = tree_io.import_organizations(rows=rows, dry_run=options["dry_run"])
        if not result.ok:
            self._fail(result.errors, errors_out)
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was changed."))
        if options["verbosity"] >= 2:
            for label, codes in ((_("created"), result.created), (_("updated"), result.updated)):
                for code in codes:
                    self.stdout.write(f"  {label}: {code}")
        summary = _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.") % {
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
        }
        self.stdout.write(self.style.SUCCESS(summary))

    def _fail(self, errors: Sequence[tree_io.RowError], errors_out: Path | None) -> None:
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
                write_errors_csv(errors, stream)
            message += " " + _("The list is also in %(path)s.") % {"path": errors_out}
        raise CommandError(message)


def _table(errors: Sequence[tree_io.RowError]) -> str:
    header = (_("Row"), _("Column"), _("Message"))
    lines = [(str(e.row), e.column, e.message) for e in errors]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(2)]
    return "\n".join(
        f"{row:>{widths[0]}}  {column:<{widths[1]}}  {message}"
        for row, column, message in [header, *lines]
    )
