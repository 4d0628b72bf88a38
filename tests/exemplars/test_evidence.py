"""Photos and documents of a model: checked by content, uploaded and removed by the model's
body, read by staff in scope, and shown publicly only as photos marked public of a recognized
model whose holder may be shown."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.exemplars import services
from danvan.exemplars.models import EvidenceFile
from tests.exemplars.conftest import recognized, register
from tests.factories import Role, user_with
from tests.upload_samples import image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]

PNG = image_bytes("PNG")
PDF = b"%PDF-1.7\n" + b"x" * 64 + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name="anh.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def add(exemplar, kind="photo", files=None, **kw):
    uploads = files if files is not None else [png()]
    return services.add_evidence(
        actor=exemplar.registered_by,
        exemplar=exemplar,
        kind=kind,
        files=services.check_evidence(kind, uploads),
        **kw,
    )


def test_the_body_adds_photos_and_documents_with_their_type_size_and_digest(network):
    exemplar = register(network)
    (photo,) = add(exemplar, caption="Đường hoa", public=True)
    (doc,) = add(exemplar, kind="document", files=[pdf()])
    assert (photo.content_type, photo.size, photo.public) == ("image/png", len(PNG), True)
    assert doc.content_type == "application/pdf" and len(doc.sha256) == 64
    assert photo.file.read() == PNG
    assert photo.history.first().history_user == exemplar.registered_by


@pytest.mark.parametrize(
    ("kind", "upload", "message"),
    [
        ("photo", SimpleUploadedFile("a.pdf", PDF), "JPG, PNG hoặc WEBP"),
        ("photo", SimpleUploadedFile("a.jpg", PNG), "không đúng định dạng"),
        ("document", SimpleUploadedFile("a.exe", b"MZ" + b"0" * 50), "không đúng định dạng"),
        ("photo", SimpleUploadedFile("big.png", PNG + b"0" * (5 * 1024 * 1024)), "5 MB"),
    ],
)
def test_a_file_that_is_not_what_it_claims_or_too_large_is_refused(network, kind, upload, message):
    exemplar = register(network)
    with pytest.raises(ValidationError) as error:
        add(exemplar, kind=kind, files=[png("ok.png"), upload] if kind == "photo" else [upload])
    assert message in " ".join(error.value.messages)
    assert not EvidenceFile.objects.exists()


def test_only_photos_can_be_public(network):
    with pytest.raises(ValidationError, match="Chỉ ảnh"):
        add(register(network), kind="document", files=[pdf()], public=True)


def test_no_public_photo_of_a_person_who_did_not_agree(network):
    exemplar = register(network, kind="individual", holder_name="Nguyễn Văn A")
    with pytest.raises(ValidationError, match="chưa đồng ý"):
        add(exemplar, public=True)
    assert add(exemplar, public=False)


def test_another_communes_officer_cannot_add_or_remove(network):
    exemplar = register(network)
    (photo,) = add(exemplar)
    stranger = user_with(network.commune_a2, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.add_evidence(
            actor=stranger,
            exemplar=exemplar,
            kind="photo",
            files=services.check_evidence("photo", [png()]),
        )
    with pytest.raises(PermissionDenied):
        services.remove_evidence(actor=stranger, evidence=photo)


def test_removing_deletes_the_row_and_the_stored_file_after_commit(
    network, media, django_capture_on_commit_callbacks
):
    exemplar = register(network)
    (photo,) = add(exemplar)
    stored = media / photo.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(actor=exemplar.registered_by, evidence=photo)
    assert not EvidenceFile.objects.exists()
    assert not stored.exists()
    assert (
        EvidenceFile.history.filter(history_type="-").get().history_user == exemplar.registered_by
    )


def test_the_officer_uploads_from_the_models_page(client, network):
    exemplar = register(network)
    client.force_login(exemplar.registered_by)
    response = client.post(
        reverse("exemplars:upload", args=[exemplar.pk]),
        {"kind": "document", "uploads": [pdf(), pdf("bien-ban.pdf")], "caption": "Báo cáo"},
    )
    assert response.status_code == 302
    assert sorted(EvidenceFile.objects.values_list("original_name", flat=True)) == [
        "bao-cao.pdf",
        "bien-ban.pdf",
    ]
    page = client.get(reverse("exemplars:detail", args=[exemplar.pk])).content.decode()
    assert "bien-ban.pdf" in page


def test_a_bad_upload_from_the_page_says_why_and_stores_nothing(client, network):
    exemplar = register(network)
    client.force_login(exemplar.registered_by)
    response = client.post(
        reverse("exemplars:upload", args=[exemplar.pk]),
        {"kind": "photo", "uploads": [SimpleUploadedFile("x.png", PDF)]},
        follow=True,
    )
    assert "không đúng định dạng cho phép" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_staff_in_scope_read_a_document_others_do_not(client, network):
    exemplar = register(network)
    (doc,) = add(exemplar, kind="document", files=[pdf()])
    url = reverse("exemplars:file", args=[exemplar.pk, doc.pk])
    client.force_login(user_with(network.province_a, Role.OFFICER, "subtree"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    client.force_login(user_with(network.commune_b1, Role.OFFICER))
    assert client.get(url).status_code == 403


def test_the_showcase_shows_public_photos_only(client, network, province_officer, province_leader):
    exemplar = recognized(network, province_officer, province_leader)
    (shown,) = add(exemplar, caption="Đường hoa mùa xuân", public=True)
    (hidden,) = add(exemplar, caption="Ảnh nội bộ")
    (doc,) = add(exemplar, kind="document", files=[pdf()])
    page = client.get(reverse("exemplars:public_detail", args=[exemplar.pk]))
    assert [p.pk for p in page.context["photos"]] == [shown.pk]
    assert "Ảnh nội bộ" not in page.content.decode()
    ok = client.get(reverse("exemplars:photo", args=[exemplar.pk, shown.pk]))
    assert ok.status_code == 200 and ok["Content-Type"] == "image/png"
    for other in (hidden, doc):
        assert (
            client.get(reverse("exemplars:photo", args=[exemplar.pk, other.pk])).status_code == 404
        )


def test_a_gallery_card_shows_the_models_first_public_photo(
    client, network, province_officer, province_leader
):
    exemplar = recognized(network, province_officer, province_leader)
    (hidden,) = add(exemplar, caption="Ảnh nội bộ")
    (first,) = add(exemplar, public=True)
    add(exemplar, public=True)
    page = client.get(reverse("exemplars:gallery"))
    (card,) = [e for e in page.context["page"] if e.pk == exemplar.pk]
    assert card.cover_id == first.pk
    cover = reverse("exemplars:photo", args=[exemplar.pk, first.pk])
    assert f'src="{cover}"' in page.content.decode()
    assert reverse("exemplars:photo", args=[exemplar.pk, hidden.pk]) not in page.content.decode()


def test_no_public_photo_before_recognition(client, network):
    exemplar = register(network)
    (photo,) = add(exemplar, public=True)
    assert client.get(reverse("exemplars:photo", args=[exemplar.pk, photo.pk])).status_code == 404


def test_a_photo_stops_being_public_when_the_person_withdraws_consent(
    client, network, province_officer, province_leader
):
    exemplar = recognized(
        network,
        province_officer,
        province_leader,
        kind="individual",
        holder_name="Trần Thị B",
        public_consent=True,
    )
    (photo,) = add(exemplar, public=True)
    url = reverse("exemplars:photo", args=[exemplar.pk, photo.pk])
    assert client.get(url).status_code == 200
    exemplar.public_consent = False
    exemplar.save()
    assert client.get(url).status_code == 404
