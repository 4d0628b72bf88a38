"""Documents a text cites that the registry lacks, entered at once as proposals: what the
text gives (number, date, issuer, title) is kept, nothing is confirmed until an officer has
completed and checked it, proposing twice adds nothing, and what is posted is checked."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.directives import extract
from danvan.directives.models import Document, DocumentState
from danvan.directives.services.documents import DocumentSpec, confirm_document
from danvan.directives.services.documents import propose_documents as propose
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

TEXT = (
    "Thực hiện Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa "
    "XI về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình "
    "mới; Kết luận số 236-KL/TW ngày 15/01/2026 của Ban Bí thư và Chỉ thị số 18-CT/TW của Ban "
    "Bí thư, 12/12 xã đã tổ chức quán triệt."
)


def test_the_title_a_text_gives_after_a_citation_is_read() -> None:
    cited = extract.documents(TEXT)
    titles = extract.titles(TEXT, cited)
    first = next(c for c in cited if c.symbol == "25-NQ/TW")
    assert titles[first.start] == (
        "Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới"
    )
    assert len(titles) == 1  # the others give no "về …"


def test_a_title_stops_before_the_next_citation_and_ignores_bao_ve() -> None:
    text = (
        "Thuc hien Nghi quyet so 25-NQ/TW ngay 03/6/2013 cua Ban Chap hanh Trung uong ve tang "
        "cuong cong tac dan van va Luat 72/2020/QH14 ngay 17/11/2020 ve bao ve moi truong."
    )
    cited = extract.documents(text)
    assert [extract.titles(text, cited).get(c.start) for c in cited] == [
        "Ve tang cuong cong tac dan van",
        "Ve bao ve moi truong",
    ]
    marked = "Theo Luật Bảo vệ môi trường số 72/2020/QH14 ngày 17/11/2020 của Quốc hội, tỉnh đã"
    assert extract.titles(marked, extract.documents(marked)) == {}


def test_the_found_page_proposes_what_the_registry_lacks_and_the_registry_lists_it(
    client, directing
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.a1_officer)
    page = client.post(reverse("directives:find"), {"text": TEXT})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="propose"' in body
    # 236-KL/TW is in the registry; 18-CT/TW gives no date, so it is only offered by hand.
    posted = json.loads(page.context["propose"].initial["proposals"])
    assert [p["symbol"] for p in posted] == ["25-NQ/TW"]
    assert posted[0]["summary"].startswith("Về tăng cường")
    registrar = directing.a1.pk
    data = {"proposals": page.context["propose"].initial["proposals"], "registrar": registrar}
    done = client.post(reverse("directives:propose"), data)
    assert done.status_code == 302 and "state=proposed" in done["Location"]
    entry = Document.objects.get(symbol="25-NQ/TW")
    assert entry.state == DocumentState.PROPOSED
    assert entry.signed_on == dt.date(2013, 6, 3) and entry.issuer_name.startswith("Ban Chấp")
    assert entry.registrar_id == registrar
    listing = client.get(done["Location"])
    assert "25-NQ/TW" in listing.content.decode()
    # Posting again (a double click, a second tab) adds nothing.
    assert client.post(reverse("directives:propose"), data).status_code == 302
    assert Document.objects.filter(symbol="25-NQ/TW").count() == 1


@pytest.mark.parametrize(
    "proposals",
    [
        "not json",
        "[]",
        json.dumps([{"symbol": "25-NQ/TW"}]),
        json.dumps([{"symbol": "25-NQ/TW", "issuer": "", "date": "03/06/2013", "summary": ""}]),
        json.dumps([{"symbol": "??", "issuer": "", "date": "2013-06-03", "summary": ""}]),
    ],
)
def test_bad_proposals_are_refused_with_400_and_change_nothing(
    client, directing, proposals
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.a1_officer)
    before = Document.objects.count()
    page = client.post(
        reverse("directives:propose"), {"proposals": proposals, "registrar": directing.a1.pk}
    )
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    assert Document.objects.count() == before


def test_one_bad_proposal_adds_none_of_the_others(directing) -> None:  # type: ignore[no-untyped-def]
    good = DocumentSpec(symbol="25-NQ/TW", signed_on=dt.date(2013, 6, 3), summary="")
    bad = DocumentSpec(symbol="91/2025/QH15", signed_on=dt.date(2024, 6, 3), summary="")
    with pytest.raises(ValidationError):
        propose(specs=[good, bad], registrar=directing.a1, actor=directing.a1_officer)
    assert not Document.objects.filter(symbol="25-NQ/TW").exists()


def test_a_proposal_is_confirmed_only_once_its_issuer_and_summary_are_written(directing) -> None:  # type: ignore[no-untyped-def]
    spec = DocumentSpec(symbol="25-NQ/TW", signed_on=dt.date(2013, 6, 3), summary="")
    entry = propose(specs=[spec], registrar=directing.a1, actor=directing.a1_officer).added[0]
    with pytest.raises(ValidationError):
        confirm_document(document=entry, actor=directing.a1_officer)
    entry.refresh_from_db()
    assert entry.state == DocumentState.PROPOSED
    Document.objects.filter(pk=entry.pk).update(
        issuer_name="Ban Chấp hành Trung ương", summary="Về…"
    )
    assert confirm_document(document=entry, actor=directing.a1_officer).state == "confirmed"


def test_proposing_needs_the_right_to_register(client, directing) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    sign_in(client, UserFactory())
    data = {"proposals": "[]", "registrar": directing.a1.pk}
    assert client.post(reverse("directives:propose"), data).status_code == 403
    sign_in(client, directing.a1_officer)
    assert client.get(reverse("directives:propose")).status_code == 405


def test_confirming_an_incomplete_proposal_opens_its_form_with_what_is_missing(
    client, directing
) -> None:  # type: ignore[no-untyped-def]
    spec = DocumentSpec(symbol="25-NQ/TW", signed_on=dt.date(2013, 6, 3), summary="")
    entry = propose(specs=[spec], registrar=directing.a1, actor=directing.a1_officer).added[0]
    sign_in(client, directing.a1_officer)
    page = client.post(reverse("directives:confirm", args=[entry.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("directives:document_edit", args=[entry.pk])
    assert "Bổ sung mục này trước khi xác nhận" in page.content.decode()
    entry.refresh_from_db()
    assert entry.state == DocumentState.PROPOSED
