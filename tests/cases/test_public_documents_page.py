"""The citizen reads and downloads the decisions published on their matter's page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.cases.models import AttachmentPurpose
from danvan.cases.services.attachments import check_files
from danvan.cases.services.documents import attach_document
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _attach(network, case, *, public, purpose=AttachmentPurpose.DECISION, name="qd.pdf"):
    pdf = SimpleUploadedFile(
        name, b"%PDF-1.4 " + name.encode() + b"\n%%EOF\n", content_type="application/pdf"
    )
    (doc,) = attach_document(
        actor=user_with(network.commune_a1_committee, Role.OFFICER),
        case=case,
        files=check_files([pdf]),
        purpose=purpose,
        document_number="15/QĐ-UBND",
        document_date=dt.date(2026, 11, 20),
        public=public,
    )
    return doc


@pytest.fixture
def matter(network, client):
    result = submit(submission=submission(network), client="test", idempotency_key="pub-doc")
    client.post(
        "/phan-anh/tra-cuu/",
        {"tracking_code": result.case.tracking_code, "secret": result.secret},
    )
    return result.case


def test_the_citizen_downloads_a_published_decision(network, client, matter):
    doc = _attach(network, matter, public=True)
    page = client.get(f"/phan-anh/{matter.tracking_code}/").content.decode()
    url = f"/phan-anh/{matter.tracking_code}/van-ban/{doc.pk}/"
    assert url in page and "15/QĐ-UBND" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4 qd.pdf")


def test_an_unpublished_decision_is_neither_listed_nor_served(network, client, matter):
    doc = _attach(network, matter, public=False, name="noi-bo.pdf")
    assert (
        f"/van-ban/{doc.pk}/"
        not in client.get(f"/phan-anh/{matter.tracking_code}/").content.decode()
    )
    assert client.get(f"/phan-anh/{matter.tracking_code}/van-ban/{doc.pk}/").status_code == 404


def test_someone_without_the_code_and_secret_gets_nothing(network, client, matter):
    doc = _attach(network, matter, public=True)
    client.logout()
    client.cookies.clear()
    assert client.get(f"/phan-anh/{matter.tracking_code}/van-ban/{doc.pk}/").status_code == 404
