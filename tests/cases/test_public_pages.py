import pytest
from django.urls import reverse

from danvan.cases.models import Case, Petitioner
from danvan.cases.services import workflow
from tests.cases.conftest import web_form
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def test_citizen_submits_and_sees_code_and_secret_once(network, client):
    response = client.post(reverse("cases:submit"), web_form(network), follow=True)
    case = Case.objects.get()
    page = response.content.decode()
    assert case.tracking_code in page
    assert 'data-testid="secret"' in page
    again = client.get(reverse("cases:submitted", args=[case.tracking_code])).content.decode()
    assert 'data-testid="secret"' not in again


def test_double_posting_the_form_makes_one_case(network, client):
    client.post(reverse("cases:submit"), web_form(network, key="twice"))
    client.post(reverse("cases:submit"), web_form(network, key="twice"))
    assert Case.objects.count() == 1


def test_form_errors_are_shown_in_vietnamese_and_nothing_is_saved(network, client):
    response = client.post(reverse("cases:submit"), web_form(network, consent=""))
    assert response.status_code == 200
    assert Case.objects.count() == 0
    assert "đồng ý" in response.content.decode().lower()


def test_tracking_needs_the_right_secret(network, client):
    client.post(reverse("cases:submit"), web_form(network))
    case = Case.objects.get()
    other = client.__class__()
    assert other.get(reverse("cases:public_case", args=[case.tracking_code])).status_code == 302
    bad = other.post(
        reverse("cases:track"), {"tracking_code": case.tracking_code, "secret": "SAISAISAI1"}
    )
    assert bad.status_code == 200 and "form" in bad.context


def test_public_page_shows_the_answer_but_no_internal_note_nor_personal_data(network, client):
    response = client.post(reverse("cases:submit"), web_form(network), follow=True)
    case = Case.objects.get()
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.add_note(actor=officer, case=case, text="GHI-CHU-NOI-BO")
    workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    workflow.accept(actor=officer, case=case)
    workflow.answer(actor=officer, case=case, text="Đã thay bóng đèn ngày hôm qua.")
    page = client.get(reverse("cases:public_case", args=[case.tracking_code])).content.decode()
    assert "Đã thay bóng đèn" in page
    assert "GHI-CHU-NOI-BO" not in page and "0987654321" not in page and "Trần Thị Bình" not in page
    assert response.status_code == 200


def test_a_bad_attachment_is_refused_with_a_clear_message(network, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(reverse("cases:submit"), {**web_form(network), "attachments": fake})
    assert Case.objects.count() == 0
    assert "anh.jpg" in response.content.decode()


def test_a_pdf_attachment_is_kept_and_only_officers_download_it(network, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("don.pdf", b"%PDF-1.4 test\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("cases:submit"), {**web_form(network), "attachments": pdf})
    case = Case.objects.get()
    attachment = case.attachments.get()
    assert attachment.content_type == "application/pdf"
    url = reverse("cases:attachment", args=[case.tracking_code, attachment.pk])
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    assert client.get(url).status_code == 200


def test_officer_sees_a_possible_duplicate_and_marks_it(network, client):
    from danvan.cases.services.intake import submit
    from tests.cases.conftest import submission

    first = submit(submission=submission(network), client="test", idempotency_key="d1").case
    second = submit(submission=submission(network), client="test", idempotency_key="d2").case
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    page = client.get(reverse("cases:detail", args=[second.tracking_code]))
    assert first in [s.case for s in page.context["suggestions"]]
    client.post(
        reverse("cases:detail", args=[second.tracking_code]),
        {"action": "merge", "primary": first.tracking_code, "reason": "Cùng người, cùng nội dung"},
    )
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_a_signed_in_citizen_lists_and_opens_their_matters_without_the_secret(network, client):
    from danvan.accounts.services import create_user

    citizen = create_user(username="dan7", email="dan7@example.vn", password="mat-khau-dai-777")
    client.force_login(citizen)
    client.post(reverse("cases:submit"), web_form(network, key="mine-1"))
    case = Case.objects.get()
    assert case.petitioner.account_index == Petitioner.account_digest(citizen.pk)
    page = client.get(reverse("cases:mine"))
    assert list(page.context["cases"]) == [case]
    other = client.__class__()
    other.force_login(
        create_user(username="dan8", email="dan8@example.vn", password="mat-khau-dai-888")
    )
    assert list(other.get(reverse("cases:mine")).context["cases"]) == []
    assert client.get(reverse("cases:public_case", args=[case.tracking_code])).status_code == 200
