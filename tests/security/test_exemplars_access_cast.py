"""Every page and endpoint that shows or changes one "Dân vận khéo" model, for a fixed cast:
only current assignments over the registering body open it; the list filter and the object
rule agree (exemplars.access)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.accounts.services import issue_api_token
from danvan.exemplars import access, services
from danvan.exemplars.models import Evaluation, EvidenceFile, Exemplar, Inquiry
from tests.exemplars.conftest import FULL_MARKS, fixed_today, register  # noqa: F401
from tests.factories import Role, Scope, UserFactory, user_with
from tests.security.cast import IN_SCOPE, ROLES, allowed, cast_member, log_in, refused

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today", "media")]

PDF = b"%PDF-1.7\n" + b"x" * 20 + b"\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def recognized_model(network, body, above):
    """A model of `body`, built, evaluated and recognized by `above`, with a document and a
    question from a Tuyên Quang commune."""
    exemplar = register(network, officer=user_with(body, Role.OFFICER), organization=body)
    services.start_building(actor=exemplar.registered_by, exemplar=exemplar)
    services.evaluate(
        actor=user_with(above, Role.OFFICER, Scope.SUBTREE),
        exemplar=exemplar,
        by=above,
        scores=FULL_MARKS,
    )
    services.recognize(
        actor=user_with(above, Role.LEADER, Scope.SUBTREE),
        exemplar=exemplar,
        by=above,
        decision_number=f"{exemplar.pk}/QĐ",
        decision_date=exemplar.registered_on,
    )
    services.add_evidence(
        actor=exemplar.registered_by,
        exemplar=exemplar,
        kind="document",
        files=services.check_evidence("document", [SimpleUploadedFile("bao-cao.pdf", PDF)]),
    )
    services.ask(
        actor=user_with(network.commune_b1, Role.OFFICER),
        exemplar=exemplar,
        asking_body=network.commune_b1,
        question="Thôn đã vận động hiến đất thế nào?",
    )
    return exemplar


def _record_for(role, network):
    # The lower administrator is tried on a model of the province; the others on a commune's.
    if role == "lower_admin":
        return recognized_model(network, network.province_a, network.central)
    return recognized_model(network, network.commune_a1, network.province_a)


def _state(exemplar):
    return (
        Exemplar.objects.filter(pk=exemplar.pk).values_list("state", "name").get(),
        exemplar.history.count(),
        EvidenceFile.objects.filter(exemplar=exemplar).count(),
        list(Inquiry.objects.filter(exemplar=exemplar).values_list("answer", flat=True)),
        Evaluation.objects.filter(exemplar=exemplar).count(),
    )


def _urls(exemplar):
    pk = exemplar.pk
    evidence = EvidenceFile.objects.get(exemplar=exemplar)
    inquiry = Inquiry.objects.get(exemplar=exemplar)
    detail = reverse("exemplars:detail", args=[pk])
    return {
        "detail": ("get", detail, {}),
        "edit": ("get", reverse("exemplars:edit", args=[pk]), {}),
        "edit_post": ("post", reverse("exemplars:edit", args=[pk]), {}),
        "review": ("post", detail, {"action": "review"}),
        "upload": ("post", reverse("exemplars:upload", args=[pk]), {}),
        "file": ("get", reverse("exemplars:file", args=[pk, evidence.pk]), {}),
        "remove_file": ("post", reverse("exemplars:remove_file", args=[pk, evidence.pk]), {}),
        "answer": (
            "post",
            reverse("exemplars:answer", args=[pk, inquiry.pk]),
            {"answer": "Họp dân từng xóm."},
        ),
        "api": ("api", f"/api/v1/exemplars/{pk}", {}),
    }


URLS = ("detail", "edit", "edit_post", "review", "upload", "file", "remove_file", "answer", "api")


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ROLES)
def test_only_current_staff_over_the_body_open_or_change_a_model(client, network, role, url):
    exemplar = _record_for(role, network)
    method, path, data = _urls(exemplar)[url]
    user = cast_member(role, network, exemplar.organization)
    before = _state(exemplar)
    if method == "api":
        _token, raw = issue_api_token(user=user, name="t")
        status = client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
    else:
        log_in(client, user)
        status = getattr(client, method)(path, data).status_code
    if role in IN_SCOPE:
        assert allowed(status), status
    else:
        assert refused(status), status
        assert _state(exemplar) == before


@pytest.mark.parametrize("role", ROLES)
def test_only_a_body_above_evaluates(client, network, role):
    exemplar = _record_for(role, network)
    user = cast_member(role, network, exemplar.organization)
    log_in(client, user)
    before = _state(exemplar)
    status = client.post(
        reverse("exemplars:detail", args=[exemplar.pk]), {"action": "evaluate"}
    ).status_code
    if role == "leader_above":
        assert status == 200  # offered: the empty form comes back with its errors
    else:
        assert status == 403
        assert _state(exemplar) == before


@pytest.mark.parametrize("action", list(access.Action))
def test_the_list_filter_and_the_object_rule_agree(network, action):
    models = [
        register(network),
        register(
            network,
            officer=user_with(network.province_a, Role.OFFICER),
            organization=network.province_a,
        ),
        register(
            network,
            officer=user_with(network.commune_b1, Role.OFFICER),
            organization=network.commune_b1,
        ),
        register(
            network, officer=user_with(network.central, Role.OFFICER), organization=network.central
        ),
    ]
    users = [cast_member(role, network, network.commune_a1) for role in ROLES]
    users += [
        user_with(network.central, Role.LEADER, Scope.SUBTREE),
        user_with(network.province_a, Role.OFFICER),
        user_with(network.commune_a1, Role.LEADER, Scope.SUBTREE),
        UserFactory(is_superuser=True),
        UserFactory(),
    ]
    for user in users:
        listed = set(access.exemplars_for(user, action).filter(pk__in=[m.pk for m in models]))
        ruled = {m for m in models if access.may(user, m, action)}
        assert listed == ruled, (user, action)
