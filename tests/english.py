"""English left on a page that should be Vietnamese: `english_fragments(html)`.

What a reader sees is taken from the page — text outside <script>, <style> and <template>,
and the attributes a browser shows (title, placeholder, alt, aria-label, the label of a button
input) — and cut into chunks at every element. A chunk is English where it holds a run of two
or more common English words ("Add user", "Select all", "Save and continue editing"), or is
one English interface word on its own ("Save", "Go", "History").

Vietnamese written without its diacritics shares a few syllables with English ("an", "to",
"do", "no", "con"...): those never make a run by themselves. Brand names and data values
(the factories' names, codes, e-mail addresses) are passed in `allow`, and are blanked before
the search; e-mail addresses, web addresses and words glued to digits or underscores
(identifiers, usernames like "user12") are never read as words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common English words: grammar, and the words of an administration interface.
COMMON = _words(
    """
    a about above access account accounts action actions active add added address admin
    administration after again all already also an and another any app application apps are
    as ascending at authenticator authenticators available back backend be been before below
    between both but by calendar can cancel case cases change changed changes check choose
    chosen clear click clock close code codes comment content continue could count counts
    create created current data date dates day days delete deleted descending description
    details did disable disabled display do does done each edit editing email empty enable
    enabled end ended enqueued entries entry error errors every exception false field fields
    filter filters find finished first following for forgotten found from full go group
    groups had has have help here hide history home how if in into is it item items its
    joined just key last later less link list log login logout main make many may midnight
    model more morning most must my name navigation new next no none noon not note nothing
    now object objects of on one only open or order other our out page password past
    permission permissions phone please previous primary priority queue reason recent record
    records remove removed required reset result results return role run running save saved
    search secret select selected set show sidebar site skip so some sort sorted sorting
    staff start started status still successful successfully such superuser task tasks
    than that the their them theme then there these they this those time title to today toggle
    token total traceback true two type under unknown until up updated use used user
    username users valid value verified view was we were what when where which who will
    with within without yes yesterday you your
    """
)
# Also Vietnamese syllables when written without diacritics: they join a run, never make one.
AMBIGUOUS = _words("a an at co con do in it no on so to")
# Words that are never a label on their own; and Python's literals, which Django prints as
# they are (the alt text of its yes/no icons, an empty value): not words of the interface.
_NEVER_ALONE = _words(
    """
    about above after again already also and another any are as be been before below between
    both but by can could did does each every for from had has have here how if into is its
    just less many may more most must my not of one only or other our out some still such than
    that the their them then there these they this those two under until up was we were what
    when where which who will with within without you your true false none
    """
)
# One of these alone is a whole chunk of interface text in English ("Save", "Status").
LONE = COMMON - AMBIGUOUS - _NEVER_ALONE

BRANDS = ("Dân Vận Số", "Django", "Google Authenticator", "Authy", "WebAuthn", "TOTP", "API")

_SKIP = {"script", "style", "template", "noscript"}
_SHOWN_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label")
_BUTTON_INPUTS = {"submit", "button", "reset"}
_NOT_WORDS = re.compile(
    r"\S+@\S+"  # e-mail addresses
    r"|\b\w+://\S+"  # web addresses
    r"|(?<!\S)/\S*"  # paths
    r"|\w*(?:\d|_)\w*"  # identifiers: words glued to digits or underscores
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# What may stand between two words of one run: spaces, and the punctuation inside a phrase.
_JOINER = re.compile(r"[\s,/&\-–—'’]*")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skipping += 1
            return
        values = dict(attrs)
        for name in _SHOWN_ATTRIBUTES:
            if values.get(name):
                self.chunks.append(values[name] or "")
        if tag == "input" and (values.get("type") or "").lower() in _BUTTON_INPUTS:
            self.chunks.append(values.get("value") or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.chunks.append(data)


def visible_text(html: str) -> list[str]:
    """The chunks of text a reader sees on the page, in order."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return [" ".join(chunk.split()) for chunk in parser.chunks if chunk.strip()]


def _runs(chunk: str) -> list[str]:
    words = list(_WORD.finditer(chunk))
    found: list[str] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        if len(run) >= 2 and any(w.group().lower() not in AMBIGUOUS for w in run):
            found.append(chunk[run[0].start() : run[-1].end()])
        run.clear()

    for word in words:
        english = word.group().lower() in COMMON
        if run and (not english or not _JOINER.fullmatch(chunk[run[-1].end() : word.start()])):
            close()
        if english:
            run.append(word)
    close()
    if not found and len(words) == 1 and words[0].group().lower() in LONE:
        found.append(words[0].group())
    return found


def english_fragments(html: str, allow: Iterable[str] = ()) -> list[str]:
    """The English fragments of a page's visible text, each once, in page order.

    `allow`: strings to disregard wherever they occur as whole words (data values, names of
    products), in addition to `BRANDS`."""
    allowed = sorted({*BRANDS, *(a for a in allow if a)}, key=len, reverse=True)
    blanks = re.compile("|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in allowed))
    fragments: list[str] = []
    for chunk in visible_text(html):
        chunk = _NOT_WORDS.sub(" · ", blanks.sub(" · ", chunk))
        for fragment in _runs(chunk):
            if fragment not in fragments:
                fragments.append(fragment)
    return fragments
