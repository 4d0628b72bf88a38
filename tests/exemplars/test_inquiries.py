"""Questions about replicating: an officer of another body asks from the showcase, the
registering body's staff answer on the model's page, the asker reads the answer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.exemplars import services
from danvan.exemplars.models import Inquiry
from tests.exemplars.conftest import detail_url, recognized, register
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


@pytest.fixture
def model(network, province_officer, province_leader):
    return recognized(network, province_officer, province_leader)


def test_an_officer_asks_and_the_body_answers_and_the_asker_reads_it(client, network, model):
    asker = user_with(network.commune_b1, Role.OFFICER)
    client.force_login(asker)
    page = client.get(detail_url(model))
    assert page.context["inquiry_form"] is not None
    response = client.post(
        reverse("exemplars:ask", args=[model.pk]),
        {"asking_body": network.commune_b1.pk, "question": "Thôn đã vận động hiến đất thế nào?"},
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert (inquiry.asked_by, inquiry.asking_body) == (asker, network.commune_b1)

    owner = model.registered_by
    client.force_login(owner)
    page = client.get(reverse("exemplars:detail", args=[model.pk]))
    assert [q.pk for q in page.context["inquiries"]] == [inquiry.pk]
    client.post(
        reverse("exemplars:answer", args=[model.pk, inquiry.pk]),
        {"answer": "Họp dân từng xóm, công khai phương án."},
    )
    inquiry.refresh_from_db()
    assert inquiry.answered_by == owner and inquiry.answered_at is not None

    client.force_login(asker)
    html = client.get(detail_url(model)).content.decode()
    assert "Họp dân từng xóm" in html


def test_others_do_not_see_someone_elses_questions(client, network, model):
    services.ask(
        actor=user_with(network.commune_b1, Role.OFFICER),
        exemplar=model,
        asking_body=network.commune_b1,
        question="Chi phí xây dựng mô hình là bao nhiêu?",
    )
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    assert client.get(detail_url(model)).context["my_inquiries"] == []
    client.logout()
    page = client.get(detail_url(model))
    assert page.context["inquiry_form"] is None
    assert "Chi phí xây dựng" not in page.content.decode()


def test_a_body_does_not_ask_itself_and_a_question_has_substance(network, model):
    with pytest.raises(ValidationError):
        services.ask(
            actor=model.registered_by,
            exemplar=model,
            asking_body=network.commune_a1,
            question="Câu hỏi về chính mô hình của mình.",
        )
    with pytest.raises(ValidationError):
        services.ask(
            actor=user_with(network.commune_b1, Role.OFFICER),
            exemplar=model,
            asking_body=network.commune_b1,
            question="?",
        )


def test_nobody_asks_for_a_body_they_do_not_act_for_nor_about_a_model_not_recognized(
    network, model
):
    officer = user_with(network.commune_b1, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.ask(
            actor=officer,
            exemplar=model,
            asking_body=network.commune_a2,
            question="Xin chia sẻ kinh nghiệm triển khai.",
        )
    with pytest.raises(ValidationError):
        services.ask(
            actor=officer,
            exemplar=register(network, name="Mới đăng ký"),
            asking_body=network.commune_b1,
            question="Xin chia sẻ kinh nghiệm triển khai.",
        )


def test_only_the_registering_bodys_staff_answer(client, network, model):
    inquiry = services.ask(
        actor=user_with(network.commune_b1, Role.OFFICER),
        exemplar=model,
        asking_body=network.commune_b1,
        question="Xin chia sẻ kinh nghiệm triển khai.",
    )
    with pytest.raises(PermissionDenied):
        services.answer(
            actor=user_with(network.commune_b1, Role.OFFICER), inquiry=inquiry, text="Tự trả lời"
        )
    client.force_login(user_with(network.commune_a2, Role.OFFICER))
    url = reverse("exemplars:answer", args=[model.pk, inquiry.pk])
    assert client.post(url, {"answer": "Không được"}).status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.answered_at is None
