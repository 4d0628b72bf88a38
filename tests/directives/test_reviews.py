"""Reviews (sơ kết, tổng kết): a round asks the bodies below for their reports by a date,
tracks who has sent, compiles them (figures added up, texts collated with their body), the
draft as .docx, the conference, and "how many directives did this body review" as a query."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.directives.models import CascadeRule, ReviewKind, ReviewSubmission
from danvan.directives.selectors import reviews as selectors
from danvan.directives.services import reviews as services
from danvan.lib import figures
from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from tests.factories import sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 10, 3, tzinfo=dt.UTC)
LABELS = ["Số hội nghị quán triệt", "Số mô hình “Dân vận khéo”"]


@pytest.fixture
def review(directing):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        return services.open_round(
            document=directing.directive,
            caller=directing.hanoi_committee,
            kind=ReviewKind.INTERIM,
            title="Sơ kết 5 năm thực hiện Kết luận 236-KL/TW",
            years=5,
            period_from=dt.date(2026, 1, 15),
            period_to=dt.date(2026, 6, 30),
            due_on=dt.date(2026, 6, 25),
            rule=CascadeRule.BELOW,
            kinds=[OrganizationKind.PARTY_COMMITTEE],
            level=OrganizationLevel.COMMUNE,
            figure_labels=LABELS,
            actor=directing.hanoi_officer,
        )


def _submission(review, body) -> ReviewSubmission:  # type: ignore[no-untyped-def]
    return ReviewSubmission.objects.get(round=review, body=body)


def _send(review, body, actor, **figures_):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW):
        return services.submit(
            submission=_submission(review, body),
            results=f"Kết quả của {body.name}",
            lessons="Sát dân",
            figures=figures_ or {LABELS[0]: "3", LABELS[1]: "1.250"},
            actor=actor,
        )


def test_the_round_asks_every_body_the_rule_names(directing, review) -> None:  # type: ignore[no-untyped-def]
    assert {s.body for s in review.submissions.all()} == {directing.a1, directing.a2}


def test_the_draft_adds_the_figures_up_and_names_each_text_s_body(directing, review) -> None:  # type: ignore[no-untyped-def]
    _send(review, directing.a1, directing.a1_officer)
    _send(review, directing.a2, directing.a2_officer, **{LABELS[0]: "2"})
    draft = selectors.compile_draft(review)
    assert (draft.submitted, draft.asked) == (2, 2)
    assert draft.figures == [(LABELS[0], Decimal(5), 2), (LABELS[1], Decimal(1250), 1)]
    results = dict(draft.sections)[str(selectors.SECTION_TITLES["results"])]
    assert (directing.a1.name, f"Kết quả của {directing.a1.name}") in results


def test_bad_figures_and_another_bodys_report_are_refused(directing, review) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _send(review, directing.a1, directing.a1_officer, **{LABELS[0]: "ba"})
    with pytest.raises(PermissionDenied):
        _send(review, directing.a1, directing.a2_officer)
    assert _submission(review, directing.a1).submitted_on is None


def test_how_many_directives_a_body_reviewed_is_a_query(directing, review) -> None:  # type: ignore[no-untyped-def]
    d = directing
    june = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert selectors.reviewed_by([d.hanoi_committee.pk], *june) == 1  # due in June
    with time_machine.travel(dt.datetime(2026, 7, 3, 3, tzinfo=dt.UTC)):
        services.record_conference(review=review, held_on=dt.date(2026, 7, 2), participants=150)
    assert selectors.reviewed_by([d.hanoi_committee.pk], *june) == 0  # held in July
    july = figures.Window(dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    assert figures.count(["directives.reviewed"], d.hanoi_committee.pk, july) == {
        "directives.reviewed": 1
    }


def test_the_round_page_the_report_form_and_the_draft_docx(client, directing, review) -> None:  # type: ignore[no-untyped-def]
    d = directing
    submission = _submission(review, d.a1)
    sign_in(client, d.a1_officer)
    assert (
        client.post(
            reverse("directives:review_submission", args=[submission.pk]), {"results": ""}
        ).status_code
        == 400
    )
    sent = client.post(
        reverse("directives:review_submission", args=[submission.pk]),
        {"results": "Đã tổ chức 12 hội nghị", "figure_0": "12", "figure_1": ""},
    )
    assert sent.status_code == 302
    page = client.get(reverse("directives:review", args=[review.pk]))
    assert page.status_code == 200
    assert client.get(reverse("directives:review_docx", args=[review.pk])).status_code == 403
    sign_in(client, d.hanoi_officer)
    page = client.get(reverse("directives:review", args=[review.pk]))
    assert "Đã tổ chức 12 hội nghị" in page.content.decode()
    response = client.get(reverse("directives:review_docx", args=[review.pk]))
    text = "\\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in text and "Đã tổ chức 12 hội nghị" in text
    sign_in(client, d.tq_officer)
    assert client.get(reverse("directives:review", args=[review.pk])).status_code == 403
