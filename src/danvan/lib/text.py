"""Vietnamese text folding: the one function behind every diacritic-insensitive search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ is a letter of its own, not d plus a mark, so NFD leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese (and other) diacritics, map đ→d, squeeze spaces.

    >>> fold("  Đắk  Lắk ")
    'dak lak'
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
