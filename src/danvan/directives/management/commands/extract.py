"""The documents and figures texts cite: `danvan extract FILE [FILE ...] [--json]`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.directives import reading
from danvan.directives.extract import Cited, Figure, documents, figures


class Command(BaseCommand):
    help = (
        "Read .txt, .docx or .pdf files and list the documents each cites (symbol, type, "
        "issuer, date) and the figures it reports. A file that cannot be read is reported "
        "and skipped; the command then ends with status 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", type=Path, metavar="FILE", help="A .txt, .docx or .pdf file."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help=(
                'One JSON object a line for each file read: {"file", "documents": [{"symbol", '
                '"type", "issuer", "date"}], "figures": [{"value", "of", "ratio"}]}.'
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        unreadable = 0
        try:
            for path in options["files"]:
                try:
                    text = reading.read_path(path).text
                except ValueError as error:
                    self.stderr.write(str(error))
                    unreadable += 1
                    continue
                cited, counted = documents(text), figures(text)
                if options["json"]:
                    self.stdout.write(_json_line(path, cited, counted))
                else:
                    self.stdout.write(_summary(path, cited, counted))
        except BrokenPipeError:
            # The reader (e.g. `head`) has what it wanted; without this Python reports the
            # closed pipe again when it flushes stdout at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return
        if unreadable:
            raise CommandError(
                ngettext(
                    "%(count)s file could not be read.",
                    "%(count)s files could not be read.",
                    unreadable,
                )
                % {"count": unreadable}
            )


def _json_line(path: Path, cited: Sequence[Cited], counted: Sequence[Figure]) -> str:
    return json.dumps(
        {
            "file": str(path),
            "documents": [c.as_json() for c in cited],
            "figures": [f.as_json() for f in counted],
        },
        ensure_ascii=False,
    )


def _summary(path: Path, cited: Sequence[Cited], counted: Sequence[Figure]) -> str:
    """The file's name, then each document once (with what its places add: a date, an
    issuer) and each figure."""
    once = _once_each(cited)
    lines = [
        _("%(file)s: %(documents)s, %(figures)s.")
        % {
            "file": path,
            "documents": ngettext(
                "%(count)s document cited", "%(count)s documents cited", len(once)
            )
            % {"count": len(once)},
            "figures": ngettext("%(count)s figure", "%(count)s figures", len(counted))
            % {"count": len(counted)},
        }
    ]
    lines += [f"  {_document_line(c)}" for c in once]
    lines += [f"  {_figure_line(f)}" for f in counted]
    return "\n".join(lines)


def _once_each(cited: Sequence[Cited]) -> list[Cited]:
    kept: dict[str, Cited] = {}
    for c in cited:
        held = kept.setdefault(c.symbol, c)
        kept[c.symbol] = Cited(
            held.symbol,
            held.type,
            held.issuer or c.issuer,
            held.date or c.date,
            held.start,
            held.end,
        )
    return list(kept.values())


def _document_line(c: Cited) -> str:
    parts = [f"{c.type} {c.symbol}"]
    if c.date:
        parts.append(c.date.strftime("%d/%m/%Y"))
    if c.issuer:
        parts.append(c.issuer)
    return ", ".join(parts)


def _figure_line(f: Figure) -> str:
    value = f.ratio or f"{f.value:,}".replace(",", ".")  # Vietnamese groups thousands with "."
    return f"{value} {f.of}"
