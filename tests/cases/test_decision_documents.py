"""Officers attach decisions and other documents after intake; the citizen sees only the
ones published, never the evidence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.cases import selectors
from danvan.cases.models import AttachmentPurpose, CaseAttachment, CaseEvent, EventKind
from danvan.cases.services.attachments import check_files
from danvan.cases.services.documents import attach_document
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name="quyet-dinh.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 quyet dinh\n%%EOF\n", content_type="application/pdf")


@pytest.fixture
def case(network):
    return submit(submission=submission(network), client="test", idempotency_key="doc").case


def _officer(network):
    return user_with(network.commune_a1_committee, Role.OFFICER)


def test_a_public_decision_is_stored_with_its_number_and_listed_for_the_citizen(network, case):
    officer = _officer(network)
    (doc,) = attach_document(
        actor=officer,
        case=case,
        files=check_files([_pdf()]),
        purpose=AttachmentPurpose.DECISION,
        document_number="1207/QĐ-UBND",
        document_date=dt.date(2026, 11, 20),
        public=True,
    )
    doc.refresh_from_db()
    assert (doc.purpose, doc.document_number, doc.document_date, doc.uploaded_by, doc.public) == (
        AttachmentPurpose.DECISION,
        "1207/QĐ-UBND",
        dt.date(2026, 11, 20),
        officer,
        True,
    )
    assert list(selectors.public_documents(case)) == [doc]
    event = case.events.get(kind=EventKind.DOCUMENT)
    assert event.visibility == "public" and event.actor == officer
    assert "1207/QĐ-UBND" in event.text and "quyet-dinh" not in event.text
    assert event in selectors.public_events(case)


def test_an_internal_document_stays_off_the_public_page_and_timeline(network, case):
    attach_document(
        actor=_officer(network),
        case=case,
        files=check_files([_pdf("bien-ban.pdf")]),
        purpose=AttachmentPurpose.OTHER,
        public=False,
    )
    assert not selectors.public_documents(case).exists()
    assert case.events.get(kind=EventKind.DOCUMENT).visibility == "internal"
    assert not selectors.public_events(case).filter(kind=EventKind.DOCUMENT).exists()


def test_evidence_cannot_be_published_and_nothing_is_stored(network, case):
    with pytest.raises(ValidationError):
        attach_document(
            actor=_officer(network),
            case=case,
            files=check_files([_pdf()]),
            purpose=AttachmentPurpose.EVIDENCE,
            public=True,
        )
    assert not CaseAttachment.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.DOCUMENT).exists()


def test_the_citizens_own_evidence_is_never_a_public_document(network):
    case = submit(
        submission=submission(network),
        client="test",
        idempotency_key="ev",
        files=check_files([_pdf("cmnd.pdf")]),
    ).case
    evidence = case.attachments.get()
    assert evidence.purpose == AttachmentPurpose.EVIDENCE and not evidence.public
    CaseAttachment.objects.filter(pk=evidence.pk).update(public=True)  # a mistake by hand
    assert not selectors.public_documents(case).exists()


def test_public_documents_is_one_query(network, case, django_assert_num_queries):
    officer = _officer(network)
    for n in range(3):
        attach_document(
            actor=officer,
            case=case,
            files=check_files([_pdf(f"qd-{n}.pdf")]),
            purpose=AttachmentPurpose.DECISION,
            document_number=f"{n}/QĐ-UBND",
            public=True,
        )
    with django_assert_num_queries(1):
        numbers = [d.document_number for d in selectors.public_documents(case)]
    assert numbers == ["0/QĐ-UBND", "1/QĐ-UBND", "2/QĐ-UBND"]


@pytest.mark.parametrize(
    ("role", "scope", "holder", "allowed"),
    [
        (Role.OFFICER, Scope.UNIT, "commune_a1_committee", True),
        (Role.LEADER, Scope.SUBTREE, "province_a", True),
        (Role.UNIT_ADMIN, Scope.SUBTREE, "province_a", True),
        (Role.OFFICER, Scope.SUBTREE, "commune_b1", False),
        (Role.LEADER, Scope.SUBTREE, "province_b", False),
        (Role.SYSTEM_ADMIN, Scope.SUBTREE, "central", False),
        (None, None, None, False),  # a citizen
    ],
)
def test_who_may_attach_a_document(network, case, role, scope, holder, allowed):
    user = user_with(getattr(network, holder), role, scope) if role else UserFactory()
    assert user.has_perm("cases.add_document", case) is allowed
    if allowed:
        attach_document(
            actor=user,
            case=case,
            files=check_files([_pdf()]),
            purpose=AttachmentPurpose.DECISION,
        )
        assert case.attachments.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            attach_document(
                actor=user,
                case=case,
                files=check_files([_pdf()]),
                purpose=AttachmentPurpose.DECISION,
            )
        assert not case.attachments.exists()


def test_officer_attaches_a_decision_from_the_matters_page(network, case, client):
    sign_in(client, _officer(network))
    url = reverse("cases:detail", args=[case.tracking_code])
    assert 'value="document"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "document",
            "purpose": AttachmentPurpose.DECISION,
            "document_number": "33/QĐ-UBND",
            "document_date": "20/11/2026",
            "public": "on",
            "attachments": _pdf(),
        },
    )
    assert response.status_code == 302
    doc = case.attachments.get()
    assert (doc.document_number, doc.document_date, doc.public) == (
        "33/QĐ-UBND",
        dt.date(2026, 11, 20),
        True,
    )
    page = client.get(url).content.decode()
    assert "33/QĐ-UBND" in page


def test_a_file_that_is_not_a_document_is_refused_on_the_page(network, case, client):
    sign_in(client, _officer(network))
    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = client.post(
        reverse("cases:detail", args=[case.tracking_code]),
        {"action": "document", "purpose": AttachmentPurpose.DECISION, "attachments": fake},
    )
    assert response.status_code == 200
    assert response.context["forms"]["document"].errors
    assert not case.attachments.exists()


def test_someone_who_only_sees_the_matter_gets_no_document_form(network, case, client):
    from allauth.mfa.models import Authenticator

    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    sign_in(client, admin)
    page = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert page.status_code == 200 and not page.context["can_add_document"]
    assert 'value="document"' not in page.content.decode()
