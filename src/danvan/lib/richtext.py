"""Formatted text that officers write in reports: paragraphs, bulleted and numbered lists,
bold and italic, typed as Markdown (**đậm**, *nghiêng*, "- " for a bullet). One reading
(markdown-it-py, raw HTML off) serves the page (`to_html`) and the Word document (`blocks`),
so what is written is what is printed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("zero", {"html": False, "breaks": True}).enable(["list", "emphasis", "newline"])


def to_html(text: str) -> SafeString:
    # Raw HTML is off: markdown-it escapes every character of the text it does not format.
    return mark_safe(_md.render(text or ""))  # noqa: S308


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Block:
    kind: str  # "p", "bullet", "number"
    runs: list[Run] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    """The text as paragraphs and list items of runs (for python-docx)."""
    out: list[Block] = []
    lists: list[str] = []
    current: Block | None = None
    for token in _md.parse(text or ""):
        if token.type == "bullet_list_open":
            lists.append("bullet")
        elif token.type == "ordered_list_open":
            lists.append("number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "paragraph_open":
            current = Block(lists[-1] if lists else "p")
            out.append(current)
        elif token.type == "inline" and current is not None:
            bold = italic = False
            for child in token.children or []:
                match child.type:
                    case "strong_open" | "strong_close":
                        bold = child.type == "strong_open"
                    case "em_open" | "em_close":
                        italic = child.type == "em_open"
                    case "softbreak" | "hardbreak":
                        current.runs.append(Run("\n", bold, italic))
                    case _:
                        if child.content:
                            current.runs.append(Run(child.content, bold, italic))
    return out


def plain(text: str) -> str:
    return "\n".join("".join(r.text for r in b.runs) for b in blocks(text))
