"""Export the organization tree to CSV or XLSX: `danvan org_export --format csv --output -`."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from danvan.org.services import tree_io


class _Unstyled:
    """Lets the csv module write to the command's stdout without an added line ending."""

    def __init__(self, command: BaseCommand) -> None:
        self.command = command

    def write(self, text: str, /) -> int:
        self.command.stdout.write(text, ending="")
        return len(text)


class Command(BaseCommand):
    help = "Export the organization tree as CSV (UTF-8 with BOM, for Excel) or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="Default: from the output file's extension, else csv.",
        )
        parser.add_argument(
            "--output", "-o", required=True, help="File to write, or - for stdout (csv only)."
        )
        parser.add_argument(
            "--province",
            metavar="CODE",
            help="Only bodies of this province (official code, e.g. 01).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            dest="include_ended",
            help="Include bodies that have ended.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: str = options["output"]
        fmt = options["format"] or ("xlsx" if output.lower().endswith(".xlsx") else "csv")
        if fmt == "xlsx" and output == "-":
            raise CommandError(_("XLSX cannot go to stdout: give a file name with --output."))
        show = not options["quiet"] and self.stderr.isatty()

        def progress(items: Iterable[dict], total: int) -> Iterable[dict]:
            return tqdm(items, total=total, unit="org", file=sys.stderr)

        try:
            rows = tree_io.export_rows(
                province=options["province"],
                include_ended=options["include_ended"],
                progress=progress if show else None,
            )
            count = self._write(rows, fmt, output)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        except BrokenPipeError:
            # The reader (e.g. `head`) has what it wanted; without this Python reports the
            # closed pipe again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        if not options["quiet"] and output != "-":
            self.stdout.write(
                _("Exported %(count)s organizations to %(path)s.")
                % {"count": count, "path": output}
            )

    def _write(self, rows: Iterable[tree_io.Row], fmt: str, output: str) -> int:
        if output == "-":
            return tree_io.write_csv(rows, _Unstyled(self))
        path = Path(output)
        # Write beside the target and move into place: a failed export leaves no half file.
        partial = path.with_name(f".{path.name}.part")
        try:
            if fmt == "xlsx":
                count = tree_io.write_xlsx(rows, partial)
            else:
                with partial.open("w", encoding="utf-8-sig", newline="") as stream:
                    count = tree_io.write_csv(rows, stream)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return count
