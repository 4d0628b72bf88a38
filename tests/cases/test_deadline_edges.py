"""Sequences the plain paths do not take: reclassifying an accepted matter, a visit's reply,
the days a decision takes effect, overlapping suspensions, reopened matters, guiding, the
remote flag on the page, and matters recorded before the deadline plan.

Dates are counted by hand on the 2026 calendar (October–November: weekends off only)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from danvan.cases.models import Case, CaseDeadline, CaseState
from danvan.cases.services import transfers, workflow
from danvan.deadlines.models import RemoteCommune
from tests.cases.test_deadline_defects import (
    at,
    decision,
    frozen,
    leader_of,
    officer_of,
    open_rows,
    receive,
    row,
)
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

REASON = "Chờ kết quả đo đạc của cơ quan chuyên môn."


def _accepted(network, kind, key, **overrides):  # type: ignore[no-untyped-def]
    case, _secret = receive(network, at(2026, 10, 5), key, **overrides)
    officer = officer_of(network)
    with frozen(at(2026, 10, 6)):
        workflow.classify(actor=officer, case=case, kind=kind, field=None)
        workflow.accept(actor=officer, case=case)
    return case, officer


@pytest.mark.parametrize(
    ("first", "then"), [("complaint", "denunciation"), ("feedback", "complaint")]
)
def test_reclassifying_an_accepted_matter_opens_no_step_before_acceptance(network, first, then):
    case, officer = _accepted(network, first, f"re-{first}")
    with frozen(at(2026, 10, 20)):
        workflow.classify(actor=officer, case=case, kind=then, field=None)
    steps = set(open_rows(case).values_list("step", flat=True))
    assert steps == {"resolution"}  # no acceptance nor initial processing, already past
    case.refresh_from_db()
    # Resolution from the acceptance on 06/10: 30 days, Thu 05/11/2026.
    assert case.next_due_date == dt.date(2026, 11, 5)


def test_an_accepted_matter_cannot_be_marked_outside_competence(network):
    case, officer = _accepted(network, "feedback", "oc")
    with frozen(at(2026, 10, 7)), pytest.raises(ValidationError):
        workflow.classify(
            actor=officer, case=case, kind="feedback", field=None, outside_competence=True
        )
    assert not case.deadlines.filter(step="forwarding").exists()


def test_accepting_a_visit_meets_the_reply_owed_to_the_visitor(network):
    case, _officer = _accepted(network, "complaint", "visit", channel="in_person")
    reply = row(case, "reply")
    assert reply.met_at is not None and reply.closed_at is None
    case.refresh_from_db()
    assert case.next_due_date == dt.date(2026, 11, 5)  # the resolution, not the reply


def test_refusing_a_visit_meets_the_reply_too(network):
    case, _secret = receive(network, at(2026, 10, 5), "visit-np", channel="in_person")
    with frozen(at(2026, 10, 6)):
        workflow.mark_not_processable(
            actor=officer_of(network),
            case=case,
            reason="duplicate",
            answer="Đơn trùng với đơn đã giải quyết.",
        )
    assert row(case, "reply").met_at is not None
    assert not open_rows(case).exists()


def test_a_resumption_counts_from_the_decisions_date_not_the_day_it_is_recorded(network):
    case, officer = _accepted(network, "complaint", "resume-late")
    with frozen(at(2026, 10, 12)):
        workflow.suspend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 12)))
    with frozen(at(2026, 10, 22)):  # recorded three days after the decision of 19/10
        workflow.resume(actor=officer, case=case, reason="", **decision(dt.date(2026, 10, 19)))
    resolution = row(case, "resolution")
    # 30 days from 06/10 plus 7 days suspended (12/10–18/10): Thu 12/11/2026.
    assert (resolution.paused_days, resolution.due_date) == (7, dt.date(2026, 11, 12))


def test_a_decision_cannot_take_effect_before_it_is_issued(network):
    case, officer = _accepted(network, "complaint", "early")
    with frozen(at(2026, 10, 12)), pytest.raises(ValidationError):
        workflow.suspend(
            actor=officer,
            case=case,
            reason=REASON,
            effective_on=dt.date(2026, 10, 8),
            **decision(dt.date(2026, 10, 10)),
        )
    assert not case.decisions.exists()


def test_a_suspension_cannot_reach_back_before_the_last_resumption(network):
    case, officer = _accepted(network, "complaint", "overlap")
    with frozen(at(2026, 10, 25)):
        workflow.suspend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 20)))
        workflow.resume(actor=officer, case=case, reason="", **decision(dt.date(2026, 10, 25)))
        with pytest.raises(ValidationError):
            workflow.suspend(
                actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 10))
            )
    assert case.decisions.count() == 2


@pytest.mark.parametrize("action", ["extend", "suspend"])
def test_a_reopened_matter_has_no_period_to_extend_or_suspend(network, action):
    case, officer = _accepted(network, "complaint", f"reopen-{action}")
    with frozen(at(2026, 10, 20)):
        workflow.answer(actor=officer, case=case, text="Đã giải quyết xong khiếu nại.")
        workflow.reopen(actor=officer, case=case, reason="Công dân bổ sung tài liệu mới.")
        call = workflow.extend if action == "extend" else workflow.suspend
        with pytest.raises(ValidationError):
            call(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 20)))
    assert case.state == CaseState.REOPENED and not case.decisions.exists()


def test_guiding_the_citizen_meets_the_handling_and_closes_the_acceptance(network):
    case, _secret = receive(network, at(2026, 10, 5), "guide")
    officer = officer_of(network)
    with frozen(at(2026, 10, 6)):
        workflow.classify(actor=officer, case=case, kind="complaint", field=None)
        transfers.guide(
            actor=officer,
            case=case,
            to_name="Tòa án nhân dân khu vực 1",
            answer="Vụ việc thuộc thẩm quyền của Tòa án, đề nghị ông/bà gửi đơn đến Tòa án.",
        )
    assert row(case, "handling").met_at is not None
    acceptance = row(case, "acceptance")
    assert acceptance.met_at is None and acceptance.closed_at is not None


def test_the_page_keeps_the_officers_choice_on_the_remote_flag(network, client):
    RemoteCommune.objects.create(
        unit=network.commune_a1.unit,
        source="Quyết định 861/QĐ-TTg",
        effective_from=dt.date(2021, 6, 4),
    )
    case, _secret = receive(network, at(2026, 10, 5), "remote-page")
    officer = officer_of(network)
    sign_in(client, officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    assert client.get(url).context["forms"]["classify"].initial["remote_area"] is True
    workflow.classify(actor=officer, case=case, kind="complaint", field=None, remote_area=False)
    assert client.get(url).context["forms"]["classify"].initial["remote_area"] is False


def test_matters_recorded_before_the_plan_are_settled_and_recomputed(network):
    leader = leader_of(network)
    moved, _ = receive(network, at(2026, 10, 5), "old-moved", channel="letter")
    refused, _ = receive(network, at(2026, 10, 5), "old-refused")
    with frozen(at(2026, 10, 7)):
        transfers.forward(actor=leader, case=moved, to=network.province_a_committee)
    with frozen(at(2026, 10, 8)):
        workflow.mark_not_processable(
            actor=officer_of(network), case=refused, reason="duplicate", answer="Đơn trùng lặp."
        )
    # As an earlier version left them: no clock of the body, an open row on a closed matter,
    # an open matter without any deadline.
    Case.objects.filter(pk=moved.pk).update(handled_since=None, leg=0, next_due_date=None)
    CaseDeadline.objects.filter(case=moved).delete()
    CaseDeadline.objects.filter(case=refused).update(met_at=None, closed_at=None)
    Case.objects.filter(pk=refused.pk).update(next_due_date=dt.date(2026, 10, 19))

    importlib.import_module("danvan.cases.migrations.0015_settle_existing_deadlines").settle(
        apps, None
    )
    refused.refresh_from_db()
    assert refused.next_due_date is None and not open_rows(refused).exists()
    with frozen(at(2026, 10, 9)):
        call_command("recompute_deadlines", "--quiet")
    moved.refresh_from_db()
    # The province has had it since the forwarding on Wed 07/10: 10 working days, Wed 21/10.
    assert moved.next_due_date == dt.date(2026, 10, 21)
    assert row(moved, "handling").start_date == dt.date(2026, 10, 7)
