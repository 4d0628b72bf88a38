"""Vietnamese word segmentation and normalization, offline (decision 0029).

underthesea's CRF word segmenter (its model ships inside the wheel; its classifiers and
sentiment models download at run time and are not used) splits a text into words; then the
domain dictionary (`language.dictionary`) rejoins the names of bodies and places it cut and
spells abbreviations out. Words come out lower case, syllables joined by "_", without
punctuation, numbers or function words, in Unicode NFC with the tone marks where the current
spelling puts them ("hoà" is "hòa").

Its cost is about 0.5 ms a text on one core: underthesea's own `fixed_words` option costs
6 ms a text with the 3,500 place names, hence the dictionary pass here.
"""

from __future__ import annotations

import os
import re
import unicodedata

from danvan.lib.text import fold

from . import dictionary

# underthesea imports huggingface_hub; nothing here may reach a hub, even by mistake.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

_WORD = re.compile(r"\w", re.UNICODE)
_NUMBER = re.compile(r"^[\d_.,/-]+$")

# Function words and the formulas of letters and reports: they say nothing of the topic.
# Written with their marks, since folding makes "hộ" (a household) of "họ" (they); a text
# written without marks is matched on the folded list. Kept short: a domain word must never
# be lost.
_STOPWORDS = """
    và của là các những cho với trong tại đã được không có này một thì mà khi đến từ ra vào
    lên sẽ đang còn cũng như theo về trên đó vì nếu hay hoặc bị rất nhiều hơn tôi chúng ông
    bà anh chị em xin kính gửi việc để họ mình người_dân nay đây đó_là tuy_nhiên cụ_thể
    trên_địa_bàn địa_bàn hiện_nay hiện năm tháng ngày số các_cấp đề_nghị kiến_nghị phản_ánh
    trình_bày kính_gửi xin_cảm_ơn cảm_ơn nội_dung vấn_đề ạ thưa demo minh_họa
""".split()  # noqa: SIM905
STOPWORDS = frozenset(_STOPWORDS)
FOLDED_STOPWORDS = frozenset(fold(w) for w in _STOPWORDS)


def _tokenize(text: str) -> list[str]:
    from underthesea import word_tokenize  # imported late: 0.3 s, only where texts are read

    return list(word_tokenize(text))


def _rejoin(words: list[str]) -> list[str]:
    """Rejoin the dictionary's phrases (longest first) across the segmenter's boundaries and
    spell abbreviations out."""
    table = dictionary.phrases()
    syllables = [s for w in words for s in w.split()]
    folded = [fold(s) for s in syllables]
    # Where the segmenter's words start, to keep its grouping where no phrase matched.
    starts: list[bool] = []
    for w in words:
        n = len(w.split())
        starts.extend([True] + [False] * (n - 1))
    out: list[str] = []
    i = 0
    while i < len(syllables):
        longest = min(dictionary.MAX_PHRASE, len(syllables) - i)
        for n in range(longest, 1, -1):
            part = syllables[i : i + n]
            bare = all(f == p.lower() for f, p in zip(folded[i : i + n], part, strict=True))
            found = table.get(tuple(folded[i : i + n]) if bare else ("=", *dictionary.exact(part)))
            if found is not None:
                out.append(found)
                i += n
                break
        else:
            abbreviation = dictionary.ABBREVIATIONS.get(folded[i])
            if (abbreviation is not None and syllables[i].isupper()) or (
                abbreviation is not None and len(syllables[i]) > 2
            ):
                out.append(dictionary.token(abbreviation or ""))
                i += 1
                continue
            j = i + 1
            while j < len(syllables) and not starts[j]:
                j += 1
            out.append("_".join(s.lower() for s in syllables[i:j]))
            i = j
    return out


def _is_stopword(word: str) -> bool:
    folded = fold(word)
    if folded == word:  # written without marks
        return folded in FOLDED_STOPWORDS
    return word in STOPWORDS


def words(text: str | None, *, keep_stopwords: bool = False) -> list[str]:
    """The words of `text`, segmented and normalized (see the module's docstring)."""
    if not text or not text.strip():
        return []
    normalized = unicodedata.normalize("NFC", text)
    result = []
    for w in _rejoin(_tokenize(normalized)):
        if not _WORD.search(w) or _NUMBER.match(w):
            continue
        if not keep_stopwords and _is_stopword(w):
            continue
        result.append(w)
    return result


def analysed(text: str | None) -> str:
    """`words` as one string, as the analysis stores and vectorizes it."""
    return " ".join(words(text))
