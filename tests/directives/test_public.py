"""The public pages of the registry: no account needed, only confirmed documents marked
public (anything else is 404), a search that ignores diacritics, pages of 25, and links only
to other public documents."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.directives.models import DocumentState, LinkKind
from danvan.directives.services.documents import (
    DocumentSpec,
    link_documents,
    register_document,
    update_document,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)
LIST = reverse("directives_public:list")


def _public(directing, symbol, summary, signed_on, **kw):  # type: ignore[no-untyped-def]
    return register_document(
        spec=DocumentSpec(
            symbol=symbol,
            signed_on=signed_on,
            summary=summary,
            issuer_name="Ban Bí thư",
            term="XIII",
            public=True,
            **kw,
        ),
        registrar=directing.central,
    )


@pytest.fixture
def published(directing):  # type: ignore[no-untyped-def]
    d = directing
    shown = _public(
        d,
        "35-CT/TW",
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận",
        dt.date(2026, 2, 2),
        text="Điều 1. Phát huy quyền làm chủ của Nhân dân.\n\nĐiều 2. <script>x</script> hết.",
    )
    proposed = register_document(
        spec=DocumentSpec(
            symbol="36-CT/TW",
            signed_on=dt.date(2026, 2, 3),
            summary="Văn bản tìm thấy trong một bài viết",
            issuer_name="Ban Bí thư",
            public=True,
        ),
        registrar=d.central,
        state=DocumentState.PROPOSED,
    )
    link_documents(source=shown, kind=LinkKind.CONTINUES, target=d.directive)
    return shown, proposed


def test_the_public_list_needs_no_account_and_shows_public_documents_only(  # type: ignore[no-untyped-def]
    client, directing, published
) -> None:
    shown, _proposed = published
    with time_machine.travel(NOW):
        page = client.get(LIST)
    body = page.content.decode()
    assert page.status_code == 200
    assert "35-CT/TW" in body
    assert "236-KL/TW" not in body  # not public
    assert "36-CT/TW" not in body  # public but only proposed
    assert reverse("directives_public:document", args=[shown.pk]) in body


def test_the_public_search_ignores_diacritics(client, directing, published) -> None:  # type: ignore[no-untyped-def]
    for q, found in (
        ("cong tac dan van", True),
        ("CÔNG TÁC DÂN VẬN", True),
        ("quyen lam chu", True),  # in the full text
        ("khong ton tai", False),
    ):
        body = client.get(LIST, {"q": q}).content.decode()
        assert ("35-CT/TW" in body) is found, q
    assert "35-CT/TW" in client.get(LIST, {"kind": "directive"}).content.decode()
    assert "35-CT/TW" not in client.get(LIST, {"system": "state"}).content.decode()
    assert client.get(LIST, {"kind": "<junk>"}).status_code == 200


def test_the_public_list_is_paged(client, directing) -> None:  # type: ignore[no-untyped-def]
    for i in range(27):
        _public(
            directing,
            f"{i + 1}-HD/TW",
            f"Hướng dẫn số {i + 1}",
            dt.date(2025, 1, 1) + dt.timedelta(i),
        )
    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()
    assert first.count('<th scope="row">') == 25 and second.count('<th scope="row">') == 2
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_a_public_document_shows_its_text_and_public_links(client, directing, published) -> None:  # type: ignore[no-untyped-def]
    d = directing
    shown, _proposed = published
    with time_machine.travel(NOW):
        page = client.get(reverse("directives_public:document", args=[shown.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Phát huy quyền làm chủ của Nhân dân." in body
    assert "<script>x</script>" not in body and "&lt;script&gt;" in body
    assert 'data-testid="standing"' in body
    # The directive it continues is not public: no link to it.
    assert "236-KL/TW" not in body
    update_document(
        document=d.directive,
        spec=DocumentSpec(
            symbol=d.directive.symbol,
            signed_on=d.directive.signed_on,
            summary=d.directive.summary,
            issuer_name=d.directive.issuer_name,
            term=d.directive.term,
            public=True,
        ),
    )
    body = client.get(reverse("directives_public:document", args=[shown.pk])).content.decode()
    assert reverse("directives_public:document", args=[d.directive.pk]) in body


def test_a_document_not_public_is_404(client, directing, published) -> None:  # type: ignore[no-untyped-def]
    _shown, proposed = published
    for pk in (directing.directive.pk, proposed.pk, 999999):
        assert client.get(reverse("directives_public:document", args=[pk])).status_code == 404
