"""A one-time survey code sent, with the sender's consent, when their matter closes: once per
matter, for the open survey of the closest body over the handling body, by e-mail, with
nothing that ties the code or the answer to the matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from danvan.cases.models import Case, CaseState, Petitioner
from danvan.cases.services import workflow
from danvan.cases.services.intake import (
    PersonData,
    Submission,
    _payload,
    fingerprint,
    receive,
    register_pending,
    submit,
)
from danvan.lib import crypto
from danvan.org.models import Organization
from danvan.surveys.models import Channel, Invitation, Response
from danvan.surveys.services import after_matters, building, invitations
from danvan.surveys.services.answering import submit_response
from danvan.surveys.services.building import QuestionSpec
from tests.cases.conftest import web_form

pytestmark = pytest.mark.django_db

TITLE = "Cống thoát nước bị tắc trước nhà văn hóa thôn"
CONTENT = "Cống thoát nước trước nhà văn hóa thôn bị tắc, nước thải tràn ra đường khi mưa."
EMAIL = "dan@example.vn"
CODE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")

_keys = iter(range(10**6))


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):  # type: ignore[no-untyped-def]
    """The task that closing a matter queues runs as soon as it is queued (after commit); the
    immediate backend keeps a task's error in its result, so a failure is checked here."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    results = []

    def finished(sender, task_result, **kwargs):  # type: ignore[no-untyped-def]
        results.append(task_result)

    task_finished.connect(finished)
    yield
    task_finished.disconnect(finished)
    failed = [r.errors for r in results if r.status == TaskResultStatus.FAILED]
    assert not failed, failed


def _matter(surveying, *, email: str = EMAIL, survey_consent: bool = True, **person) -> Case:  # type: ignore[no-untyped-def]
    values = {"full_name": "Nguyễn Thị Dân", "phone": "0912345678", "email": email}
    values |= person
    case = submit(
        submission=Submission(
            title=TITLE,
            content=CONTENT,
            channel="web",
            unit=surveying.c1.unit,
            person=PersonData(consent=True, survey_consent=survey_consent, **values),
        ),
        client="test",
        idempotency_key=f"after-{next(_keys)}",
    ).case
    assert case.organization == surveying.c1
    return case


def _answered(case: Case, officer) -> Case:  # type: ignore[no-untyped-def]
    if case.state == CaseState.RECEIVED:
        workflow.classify(actor=officer, case=case, kind="complaint", field=None)
        workflow.accept(actor=officer, case=case)
    workflow.answer(actor=officer, case=case, text="Đã nạo vét cống, nước đã thoát bình thường.")
    return case


def _close(case: Case, officer, capture) -> Case:  # type: ignore[no-untyped-def]
    """Answer and close the matter, running what its commit queues (the task, the e-mail)."""
    _answered(case, officer)
    with capture(execute=True):
        workflow.close(actor=officer, case=case)
    return case


def _survey(owner: Organization, actor, *, after_matters: bool = True, opened: bool = True, **kw):  # type: ignore[no-untyped-def]
    survey = building.create_survey(
        owner=owner, title=kw.pop("title", f"Mức độ hài lòng — {owner.name}"), actor=actor, **kw
    )
    building.add_question(
        survey=survey,
        spec=QuestionSpec(kind="rating", text="Ông/bà hài lòng thế nào?", required=True),
        actor=actor,
    )
    survey.after_matters = after_matters
    survey.save(update_fields=["after_matters"])
    if opened:
        survey = building.open_survey(survey=survey, actor=actor)
    return survey


def _code_in(mail) -> str:  # type: ignore[no-untyped-def]
    found = CODE.findall(mail.body)
    assert found, mail.body
    return found[0]


def test_the_sender_who_agreed_gets_one_code_that_answers_the_survey(
    surveying, mailoutbox, django_capture_on_commit_callbacks, client
) -> None:  # type: ignore[no-untyped-def]
    survey = _survey(surveying.c1, surveying.c1_officer)
    case = _matter(surveying)
    _close(case, surveying.c1_officer, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [EMAIL] and mail.from_email == settings.DEFAULT_FROM_EMAIL
    code = _code_in(mail)
    assert survey.title in mail.body
    assert invitations.is_valid(survey=survey, code=code)
    # The link opens the survey with the code already given.
    link = next(w for w in mail.body.split() if w.startswith(settings.SITE_ROOT))
    path = link.removeprefix(settings.SITE_ROOT.rstrip("/"))
    assert path.startswith(reverse("surveys_public:answer", args=[survey.key]))
    page = client.get(path)
    assert page.status_code == 200 and page.context["code"].replace("-", "") == code.replace(
        "-", ""
    )

    question = survey.versions.get().questions.get()
    response = submit_response(
        survey=survey,
        version=survey.versions.get(),
        sheet={f"q{question.pk}": ["4"]},
        channel=Channel.CODE,
        key="after-1",
        code=code,
    )
    assert response.channel == Channel.CODE and Response.objects.count() == 1
    assert not invitations.is_valid(survey=survey, code=code)


def test_closing_again_after_reopening_sends_no_second_code(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer)
    case = _close(_matter(surveying), surveying.c1_officer, django_capture_on_commit_callbacks)
    workflow.reopen(actor=surveying.c1_officer, case=case, reason="Công dân có tài liệu mới.")
    _close(case, surveying.c1_officer, django_capture_on_commit_callbacks)
    assert case.state == CaseState.CLOSED
    assert len(mailoutbox) == 1 and Invitation.objects.count() == 1
    # Nor when the task runs twice for the same closing.
    with django_capture_on_commit_callbacks(execute=True):
        assert after_matters.invite_after_close(case_id=case.pk) is False
    assert len(mailoutbox) == 1 and Invitation.objects.count() == 1


def test_nothing_is_sent_without_the_survey_consent(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer)
    case = _matter(surveying, survey_consent=False)
    assert case.petitioner.consent_at is not None and case.petitioner.survey_consent_at is None
    _close(case, surveying.c1_officer, django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_nothing_is_sent_to_an_anonymous_sender(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer)
    case = _matter(surveying, email="", phone="", full_name="", anonymous=True)
    assert case.petitioner.survey_consent_at is None  # not kept for an anonymous sender
    # Even were it set, an anonymous sender is not written to.
    Petitioner.objects.filter(case=case).update(survey_consent_at=case.received_at)
    _close(case, surveying.c1_officer, django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_nothing_is_sent_without_an_email_address(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer)
    case = _matter(surveying, email="")
    assert case.petitioner.survey_consent_at is not None
    _close(case, surveying.c1_officer, django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_nothing_is_sent_without_an_open_survey_sent_after_matters(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer, opened=False)  # a draft
    _survey(surveying.c1, surveying.c1_officer, after_matters=False)  # not for matters
    yesterday = dt.date.today() - dt.timedelta(days=2)
    _survey(  # over
        surveying.province,
        surveying.province_officer,
        opens_on=yesterday - dt.timedelta(days=30),
        closes_on=yesterday,
    )
    _survey(surveying.c2, surveying.c2_officer)  # a neighbour's, not over c1
    _close(_matter(surveying), surveying.c1_officer, django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not Invitation.objects.exists()


def test_the_parent_bodys_survey_is_used_when_the_handling_body_has_none(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    survey = _survey(surveying.province, surveying.province_officer)
    _close(_matter(surveying), surveying.c1_officer, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert invitations.is_valid(survey=survey, code=_code_in(mailoutbox[0]))
    assert Invitation.objects.get().survey == survey


def test_the_closest_bodys_survey_wins(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.province, surveying.province_officer)
    own = _survey(surveying.c1, surveying.c1_officer)
    _close(_matter(surveying), surveying.c1_officer, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1 and Invitation.objects.get().survey == own
    assert invitations.is_valid(survey=own, code=_code_in(mailoutbox[0]))


def test_the_email_and_the_code_say_nothing_of_the_matter(
    surveying, mailoutbox, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    _survey(surveying.c1, surveying.c1_officer)
    case = _close(_matter(surveying), surveying.c1_officer, django_capture_on_commit_callbacks)
    mail = mailoutbox[0]
    text = f"{mail.subject}\n{mail.body}"
    assert TITLE not in text and CONTENT not in text and case.tracking_code not in text
    code = _code_in(mail).replace("-", "")

    invitation = Invitation.objects.get()
    stored = json.dumps(
        list(Invitation.objects.values().get(pk=invitation.pk).values()), default=str
    )
    assert code not in stored and invitations.shown(code) not in stored
    assert invitation.code_hash != code and invitation.used_at is None
    assert invitation.source == crypto.blind_index(str(case.pk), kind="survey-matter")
    assert invitation.source != str(case.pk) and case.tracking_code not in stored


def test_closing_queues_the_survey_task(
    surveying, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = _answered(_matter(surveying), surveying.c1_officer)
    before = DBTaskResult.objects.filter(task_path="danvan.cases.tasks.invite_to_survey").count()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.close(actor=surveying.c1_officer, case=case)
    queued = DBTaskResult.objects.filter(task_path="danvan.cases.tasks.invite_to_survey")
    assert queued.count() == before + 1
    assert any(row.args_kwargs["args"] == [case.pk] for row in queued)


# --- The consent, on the public form ---------------------------------------------------------


def test_the_public_form_asks_for_the_survey_consent_unticked(client, network) -> None:  # type: ignore[no-untyped-def]
    page = client.get(reverse("cases:submit")).content.decode()
    box = re.search(r'<input[^>]*name="survey_consent"[^>]*>', page)
    assert box is not None and "checked" not in box.group(0)


def test_the_forms_box_keeps_the_survey_consent(client, network) -> None:  # type: ignore[no-untyped-def]
    client.post(
        reverse("cases:submit"),
        web_form(network, key="s1", email=EMAIL, survey_consent="on"),
    )
    client.post(reverse("cases:submit"), web_form(network, key="s2", email=EMAIL))
    ticked, unticked = Petitioner.objects.order_by("pk")
    assert ticked.survey_consent_at is not None and ticked.consent_at is not None
    assert unticked.survey_consent_at is None and unticked.consent_at is not None


def test_an_anonymous_sender_s_box_is_ignored(client, network) -> None:  # type: ignore[no-untyped-def]
    form = web_form(network, key="s3", anonymous="on", survey_consent="on")
    for name in ("full_name", "phone"):
        form.pop(name)
    client.post(reverse("cases:submit"), form)
    petitioner = Petitioner.objects.get()
    assert petitioner.anonymous and petitioner.survey_consent_at is None


def test_the_officers_entry_form_does_not_offer_the_survey_box(client, network) -> None:  # type: ignore[no-untyped-def]
    from danvan.cases.forms import OfficerEntryForm

    assert "survey_consent" not in OfficerEntryForm().fields


def test_the_survey_consent_comes_through_a_machine_channels_receipt(network) -> None:  # type: ignore[no-untyped-def]
    person = PersonData(full_name="Lê Văn Ba", email=EMAIL, consent=True, survey_consent=True)
    receive(
        submission=Submission(
            title=TITLE, content=CONTENT, channel="api", unit=network.commune_a1.unit, person=person
        ),
        idempotency_key="api-1",
        client="api:test",
    )
    register_pending()
    assert Petitioner.objects.get().survey_consent_at is not None


def test_without_the_survey_consent_a_submission_keeps_its_earlier_fingerprint(network) -> None:  # type: ignore[no-untyped-def]
    sub = Submission(
        title=TITLE,
        content=CONTENT,
        channel="api",
        unit=network.commune_a1.unit,
        person=PersonData(full_name="Lê Văn Ba", email=EMAIL, consent=True),
    )
    earlier = {k: v for k, v in sub.person.__dict__.items() if k != "survey_consent"}
    body = json.dumps([_payload(sub), earlier], ensure_ascii=False, sort_keys=True)
    assert fingerprint(sub) == hashlib.sha256(body.encode()).hexdigest()
    sub.person.survey_consent = True
    assert fingerprint(sub) != hashlib.sha256(body.encode()).hexdigest()
