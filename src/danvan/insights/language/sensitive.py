"""Whether a text speaks of political or religious views: sensitive personal data under Luật
Bảo vệ dữ liệu cá nhân 91/2025/QH15 (decision 0029). Such a text is counted only: never
quoted on an analysis page or in a briefing, and every use of it is logged.

A word list, on purpose: it is read and corrected by people, it errs on the side of
sensitivity (a letter about a pagoda's land is marked too: counting it costs nothing, quoting
it could), and it needs no model. Words that official texts use every day ("hệ thống chính
trị", "dân chủ ở cơ sở", "điều hành", which folds like "diễu hành") are left out: they
would mark every report. Terms are matched on the folded segmented words, so
"tôn giáo", "ton giao" and "Tôn_giáo" are one term.
"""

from __future__ import annotations

from danvan.lib.text import fold

# Folded; multi-word terms joined by spaces and matched as consecutive words.
_TERMS = """
ton giao | tin nguong | dao phat | phat giao | cong giao | thien chua giao | tin lanh | cao dai
| hoa hao | hoi giao | dao hoi | nha tho | chua chien | thanh that | giao xu | giao dan | linh muc
| muc su | tang ni | phat tu | nha su | hoa thuong | ta dao | dao la | truyen dao | giao hoi
| chinh kien | quan diem chinh tri | dang phai | da nguyen | da dang | bieu tinh | phan dong
| chong doi | lat do | nhan quyen | tu do ngon luan | tu do bao chi | tu do ton giao | ly khai
"""
TERMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(fold(t).split()) for t in _TERMS.split("|") if t.strip()
)


def is_sensitive(words: list[str] | str) -> bool:
    """Whether the segmented `words` (a list, or the analysed string) contain a term."""
    tokens = words.split() if isinstance(words, str) else words
    syllables = [s for w in tokens for s in fold(w).replace("_", " ").split()]
    if not syllables:
        return False
    joined = " " + " ".join(syllables) + " "
    return any(" " + " ".join(term) + " " in joined for term in TERMS)
