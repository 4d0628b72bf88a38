"""`danvan extract` throughput: pages a second, read and extracted, over the test set of
tests/directives/corpus (docs/extraction-test-set.md). No database.

1. Writes the corpus three ways into a temporary directory: the .txt files as they are, a
   .docx per excerpt (its lines as paragraphs), and a .pdf per excerpt (its text without
   diacritics, since the PDF is written with a standard font that has none; 48 lines a
   page) — the three formats `danvan extract` reads.
2. Runs the command in process (`call_command("extract", *files, "--json")`, output
   discarded) over each format's files, again and again for BENCH_EXTRACT_SECONDS (default
   3) each, and reports pages a second — a PDF's own pages, otherwise 1,800 characters a
   page as the reader counts them — characters a second, and milliseconds a page. Then the
   extraction alone (documents and figures of texts already read) and one run of the
   console script, start-up included.
3. Prints a section in the form of docs/benchmarks.md (it does not write there).

Run alone: .venv/bin/python bench/extract.py
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

from common import ROOT, _machine  # bench/ is on sys.path

CORPUS = ROOT / "tests" / "directives" / "corpus"
SECONDS = float(os.environ.get("BENCH_EXTRACT_SECONDS", "3"))
PDF_LINES_PER_PAGE = 48
PDF_CHARACTERS_PER_LINE = 95


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    for fancy, plain in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("…", "...")):
        text = text.replace(fancy, plain)
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    )
    return stripped.encode("ascii", "replace").decode("ascii")


def _wrapped(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words, line = paragraph.split(), ""
        for word in words:
            if line and len(line) + 1 + len(word) > PDF_CHARACTERS_PER_LINE:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines


def _pdf(text: str) -> bytes:
    """A PDF of `text` (ASCII) in Helvetica, PDF_LINES_PER_PAGE lines a page."""
    lines = _wrapped(text)
    pages = [lines[i : i + PDF_LINES_PER_PAGE] for i in range(0, len(lines), PDF_LINES_PER_PAGE)]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in pages or [[]]:
        escaped = [
            line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in page
        ]
        shown = b" T* ".join(b"(" + line.encode("ascii") + b") Tj" for line in escaped)
        stream = zlib.compress(b"BT /F1 10 Tf 15 TL 40 800 Td " + shown + b" ET")
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _write_formats(into: Path) -> dict[str, list[Path]]:
    import docx

    files: dict[str, list[Path]] = {"txt": sorted(CORPUS.glob("*.txt")), "docx": [], "pdf": []}
    for source in files["txt"]:
        text = source.read_text(encoding="utf-8").split("\n", 1)[1]
        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        docx_path = into / f"{source.stem}.docx"
        document.save(str(docx_path))
        files["docx"].append(docx_path)
        pdf_path = into / f"{source.stem}.pdf"
        pdf_path.write_bytes(_pdf(_ascii(text)))
        files["pdf"].append(pdf_path)
    return files


def _repeat(fn: Callable[[], object]) -> tuple[int, float]:
    """Runs `fn` until SECONDS have passed (at least twice, the first a warm-up not
    counted); how many runs were timed and how long they took."""
    fn()
    runs, started = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= SECONDS:
            return runs, elapsed


def _row(label: str, pages: int, characters: int, runs: int, elapsed: float) -> str:
    per_second = pages * runs / elapsed
    return (
        f"| {label} | {pages:,} | {characters:,} | {per_second:,.0f} | "
        f"{characters * runs / elapsed / 1e6:.2f} M | {1000 / per_second:.2f} |"
    )


def run(machine: str) -> str:
    from django.core.management import call_command

    from danvan.directives import reading
    from danvan.directives.extract import documents, figures

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        files = _write_formats(Path(folder))
        for kind, paths in files.items():
            reads = [reading.read_path(p) for p in paths]
            pages, characters = sum(r.pages for r in reads), sum(len(r.text) for r in reads)
            names = [str(p) for p in paths]
            runs, elapsed = _repeat(
                lambda names=names: call_command("extract", *names, "--json", stdout=io.StringIO())
            )
            rows.append(_row(f"`danvan extract --json`, .{kind}", pages, characters, runs, elapsed))
        texts = [reading.read_path(p).text for p in files["txt"]]
        pages = sum(reading.read_bytes(t.encode(), "a.txt").pages for t in texts)
        characters = sum(len(t) for t in texts)
        runs, elapsed = _repeat(lambda: [(documents(t), figures(t)) for t in texts])
        rows.append(
            _row("extraction alone (documents + figures)", pages, characters, runs, elapsed)
        )
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 — our own console script, on our own files
            [
                str(Path(sys.executable).with_name("danvan")),
                "extract",
                "--json",
                *map(str, files["txt"]),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        console = time.perf_counter() - started
    return "\n".join(
        [
            "",
            f"## Extraction (`danvan extract`), {time.strftime('%Y-%m-%d %H:%M')}",
            "",
            f"- Machine: {machine}",
            f"- Corpus: {len(files['txt'])} excerpts of tests/directives/corpus, each format "
            f"run for {SECONDS:.0f} s in process (bench/extract.py)",
            "",
            "| what | pages | characters | pages/s | characters/s | ms/page |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"- The console script over the {len(files['txt'])} .txt files, Python and Django "
            f"start-up included: {console:.2f} s.",
            "",
        ]
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    print(run(_machine()))


if __name__ == "__main__":
    main()
