"""The register of outgoing documents: numbers per type and year (State) or term (Party),
none skipped when an issue fails, the symbol in each system's form, a plan entering the
registry, the .docx in the body's layout, and who may issue."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.directives.models import Document, NumberCounter, OutgoingDocument
from danvan.directives.services import register
from danvan.directives.services.register import OutgoingSpec, party_term
from danvan.org.models import OrganizationKind
from tests.factories import Role, make_org, sign_in, user_with

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 10, 3, tzinfo=dt.UTC)


def _spec(kind="BC", **kw):  # type: ignore[no-untyped-def]
    base = {
        "summary": "Kết quả công tác dân vận",
        "signer_name": "Lê Văn A",
        "signer_title": "Bí thư",
    }
    return OutgoingSpec(kind=kind, **{**base, **kw})


def _issue(body, kind="BC", **kw):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        return register.issue(body=body, spec=_spec(kind, **kw))


def test_numbers_follow_each_other_per_type(directing) -> None:  # type: ignore[no-untyped-def]
    body = directing.hanoi_committee
    symbols = [_issue(body).symbol for _ in range(3)] + [_issue(body, "TB").symbol]
    assert symbols == ["01-BC/TU", "02-BC/TU", "03-BC/TU", "01-TB/TU"]


def test_a_state_body_numbers_per_year_in_its_own_form(directing) -> None:  # type: ignore[no-untyped-def]
    ubnd = make_org(unit=directing.hanoi, kind=OrganizationKind.PEOPLES_COMMITTEE)
    assert _issue(ubnd, "KH").symbol == "01/KH-UBND"
    assert _issue(ubnd, "CV").symbol == "01/UBND-VP"
    with time_machine.travel(dt.datetime(2027, 1, 2, 3, tzinfo=dt.UTC)):
        next_year = register.issue(body=ubnd, spec=_spec("KH"))
    assert (next_year.symbol, next_year.series) == ("01/KH-UBND", "2027")


def test_a_party_body_numbers_per_term() -> None:
    assert party_term(dt.date(2025, 9, 30)) == "2020–2025"
    assert party_term(dt.date(2025, 10, 1)) == "2025–2030"
    assert party_term(dt.date(2029, 12, 31)) == "2025–2030"


def test_a_failed_issue_takes_no_number(directing) -> None:  # type: ignore[no-untyped-def]
    body = directing.hanoi_committee
    _issue(body)
    with pytest.raises(ValidationError):
        _issue(body, summary="")
    assert _issue(body).symbol == "02-BC/TU"


def test_a_numbered_plan_enters_the_registry(directing) -> None:  # type: ignore[no-untyped-def]
    made = _issue(directing.hanoi_committee, "KH", summary="Kế hoạch thực hiện Kết luận 236")
    assert made.registered is not None
    assert Document.objects.get(pk=made.registered.pk).issuer == directing.hanoi_committee


def test_only_the_bodys_own_officers_issue(directing) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW), pytest.raises(PermissionDenied):
        register.issue(body=directing.hanoi_committee, spec=_spec(), actor=directing.a1_officer)
    with time_machine.travel(NOW):
        register.issue(body=directing.a1, spec=_spec(), actor=directing.a1_officer)
    assert OutgoingDocument.objects.count() == 1


def test_the_docx_carries_the_partys_heading_and_number(client, directing) -> None:  # type: ignore[no-untyped-def]
    made = _issue(directing.a1, "TB", recipients="Các chi bộ")
    sign_in(client, directing.a1_officer)
    response = client.get(reverse("directives:outgoing_docx", args=[made.pk]))
    assert response.status_code == 200
    text = "\\n".join(
        c.text
        for t in docx.Document(io.BytesIO(response.content)).tables
        for row in t.rows
        for c in row.cells
    )
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 01-TB/ĐU" in text
    sign_in(client, directing.tq_officer)
    assert client.get(reverse("directives:outgoing_docx", args=[made.pk])).status_code == 404


def test_the_issue_page_numbers_and_refuses_bad_input(client, directing) -> None:  # type: ignore[no-untyped-def]
    officer = user_with(directing.hanoi_committee, Role.OFFICER)
    sign_in(client, officer)
    with time_machine.travel(NOW):
        bad = client.post(reverse("directives:issue"), {"body": directing.hanoi_committee.pk})
        ok = client.post(
            reverse("directives:issue"),
            {
                "body": directing.hanoi_committee.pk,
                "kind": "BC",
                "summary": "Kết quả 6 tháng",
                "signer_title": "Phó Bí thư",
                "signer_name": "Lê Văn A",
            },
        )
        page = client.get(reverse("directives:register"))
    assert bad.status_code == 400 and ok.status_code == 302
    assert "01-BC/TU" in page.content.decode()
    assert NumberCounter.objects.get().last == 1
