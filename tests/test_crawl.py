"""Every page each demo role can reach is in Vietnamese, and no link on it is broken (issue 16).

Over the demo data (`danvan seed --profile demo`, seeded once for the module), each demo login
— and the anonymous visitor — walks the site breadth-first from its start page, following
the same-site <a href> links it is shown (GET only). Every page fetched must answer below
400 (a failure names the page that linked it), and no HTML page may show English
(tests/english.py). Left out: signing out, switching language, the Django admin (it has its
own test: tests/accounts/test_admin_in_vietnamese.py), the API, static and private files,
file downloads; beyond the first few query strings of one path, further ones (pagination,
sorting, filters) are not followed; and each walk stops after `MAX_PAGES` pages.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from html import escape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.demo_seed import demo_seeded_once
from tests.english import english_fragments
from tests.factories import sign_in

MAX_PAGES = 150
QUERY_VARIANTS = 3  # a path is fetched with at most this many different query strings

SKIPPED_PREFIXES = (
    "/accounts/logout",
    "/i18n/",
    "/admin/",
    "/api/",
    "/static/",
    "/media-private/",
)
DOWNLOAD = re.compile(r"[./](xlsx|csv|docx|pdf)/?$|/files/|/anh/")

# English the crawl finds that no catalogue can translate: strings printed without gettext
# in source files this test may not change. "file: string" each; the check stays strict for
# anything else. Remove an entry once its source is fixed.
KNOWN_UNTRANSLATED: dict[str, str] = {}

# (username or "" for the anonymous visitor, where the walk starts). The demo logins are
# those printed by `danvan seed --profile demo` (danvan/demo/people.py).
ROLES = [
    ("", "/"),
    ("congdan", "/home/"),  # citizen
    ("canbo", "/home/"),  # commune officer
    ("mattran", "/home/"),  # the commune's Fatherland Front officer
    ("lanhdao", "/home/"),  # provincial leader (subtree)
    ("quantri", "/home/"),  # unit administrator (two-factor)
    ("hethong", "/home/"),  # system administrator (two-factor)
]
# A signed-in user's own account pages (allauth): no page links to them, but they are theirs.
ACCOUNT_PAGES = ["/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    with demo_seeded_once(django_db_blocker):
        yield


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def _links(html: str, base: str) -> list[str]:
    """The same-site links of a page, absolute paths with their query string, no fragment."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    found = []
    for href in parser.hrefs:
        url = urldefrag(urljoin(base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _skipped(url: str) -> bool:
    path = urlsplit(url).path
    return path.startswith(SKIPPED_PREFIXES) or bool(DOWNLOAD.search(path))


def _kind(url: str) -> str:
    """The view a URL opens: pages of one kind (every unit's page) share a template."""
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return url


class Crawl:
    """Breadth-first, but fair to each kind of page: the next page fetched is the first
    waiting one of the kind fetched least so far, so that the hundreds of units' pages do not
    use up the walk before the rarer pages behind them are reached."""

    def __init__(self, client, starts: list[str]) -> None:
        self.client = client
        self.queue: list[str] = []
        self.referrers: dict[str, list[str]] = {}
        self.variants: dict[str, set[str]] = {}
        self.fetched: Counter[str] = Counter()  # pages fetched, by kind
        self.pages: list[str] = []
        self.broken: list[str] = []  # "page → link → status"
        self.english: dict[str, list[str]] = {}  # fragment: pages that show it
        for start in starts:
            self._see(start, "(start)")

    def _see(self, url: str, referrer: str) -> None:
        if _skipped(url):
            return
        if url in self.referrers:
            self.referrers[url].append(referrer)
            return
        path = urlsplit(url).path
        variants = self.variants.setdefault(path, set())
        if len(variants) >= QUERY_VARIANTS:
            return
        variants.add(url)
        self.referrers[url] = [referrer]
        self.queue.append(url)

    def _next(self) -> str:
        kinds = [_kind(url) for url in self.queue]
        least = min(self.fetched[kind] for kind in kinds)
        index = next(i for i, kind in enumerate(kinds) if self.fetched[kind] == least)
        self.fetched[kinds[index]] += 1
        return self.queue.pop(index)

    def run(self) -> Crawl:
        while self.queue and len(self.pages) < MAX_PAGES:
            url = self._next()
            self.pages.append(url)
            try:
                response = self.client.get(url)
            except Exception as error:  # an error page: reported as such
                self.broken.append(f"{self._from(url)} → {url} → 500 ({error!r})"[:400])
                continue
            if response.status_code >= 400:
                self.broken.append(f"{self._from(url)} → {url} → {response.status_code}")
            if response.streaming:
                # Read to the end, as a WSGI server would: the test client then closes the
                # response without closing the database connection. Calling close() here
                # closed it on PostgreSQL, ending the module's transaction mid-walk.
                b"".join(response.streaming_content)
                continue
            if 300 <= response.status_code < 400 and response.has_header("Location"):
                for link in _links(f'<a href="{escape(response["Location"])}">', url):
                    self._see(link, url)
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            html = response.content.decode()
            for fragment in english_fragments(html):
                if fragment not in KNOWN_UNTRANSLATED:
                    self.english.setdefault(fragment, []).append(url)
            for link in _links(html, url):
                self._see(link, url)
        return self

    def _from(self, url: str) -> str:
        referrers = self.referrers.get(url, ["?"])
        more = f" (+{len(referrers) - 1} more)" if len(referrers) > 1 else ""
        return referrers[0] + more


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "start"), ROLES, ids=[u or "anonymous" for u, _ in ROLES])
def test_every_page_a_role_reaches_is_vietnamese_and_every_link_works(
    demo_data, client, username, start
):
    from danvan.accounts.models import User

    if username:
        # The administrators have the demo's authenticator: sign_in records both factors.
        sign_in(client, User.objects.get(username=username))
    began = time.monotonic()
    crawl = Crawl(client, [start, *(ACCOUNT_PAGES if username else [])]).run()
    elapsed = time.monotonic() - began
    print(f"\n{username or 'anonymous'}: {len(crawl.pages)} pages in {elapsed:.1f} s")
    english = "\n".join(
        f"  {fragment!r} on {len(where)} page(s): {', '.join(where[:3])}"
        for fragment, where in crawl.english.items()
    )
    broken = "\n".join(f"  {line}" for line in crawl.broken)
    assert not crawl.broken and not crawl.english, (
        f"{username or 'anonymous'} ({len(crawl.pages)} pages):\n"
        f"Broken links (page → link → status):\n{broken or '  none'}\n"
        f"English on Vietnamese pages:\n{english or '  none'}"
    )
    assert len(crawl.pages) > 1, "the walk reached no page beyond its start"
