"""/healthz/worker: whether a worker is alive and how far registration is behind, for
monitoring; /healthz itself stays free of the database for load balancers."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db.utils import OperationalError

from danvan.cases import worker as worker_module
from tests.worker.conftest import receive_one

pytestmark = pytest.mark.django_db


def test_no_heartbeat_answers_503_with_the_waiting_receipts(network, client):
    receive_one(network)
    response = client.get("/healthz/worker")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "worker_down" and body["worker"]["alive"] is False
    assert body["worker"]["last_beat_seconds"] is None
    assert body["receipts"]["waiting"] == 1
    assert body["receipts"]["oldest_waiting_seconds"] >= 0
    assert "no-store" in response["Cache-Control"]


def test_a_fresh_heartbeat_answers_200(network, client):
    receive_one(network, key="a")
    receive_one(network, key="b")
    worker_module.beat("w1")
    response = client.get("/healthz/worker")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["worker"]["alive"] is True
    assert 0 <= body["worker"]["last_beat_seconds"] < 5
    assert body["receipts"]["waiting"] == 2


def test_a_heartbeat_older_than_two_minutes_answers_503(db, client):
    start = dt.datetime(2026, 12, 4, 3, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        worker_module.beat("w1")
    with time_machine.travel(start + dt.timedelta(seconds=119), tick=False):
        assert client.get("/healthz/worker").status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=121), tick=False):
        response = client.get("/healthz/worker")
    assert response.status_code == 503
    assert response.json()["worker"]["last_beat_seconds"] == 121.0
    assert response.json()["receipts"] == {"waiting": 0, "oldest_waiting_seconds": None}


def test_a_database_that_does_not_answer_is_a_503(db, client, monkeypatch):
    def gone():
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr("danvan.portal.views.worker_health", gone)
    response = client.get("/healthz/worker")
    assert response.status_code == 503
    assert response.json() == {"status": "database_unavailable"}


def test_the_worker_command_beats_and_registers(network, client, pauses, monkeypatch):
    # The command would install its SIGINT / SIGTERM handlers in the test process.
    monkeypatch.setattr(worker_module.Worker, "configure_signals", lambda self: None)
    receive_one(network)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    body = client.get("/healthz/worker").json()
    assert body["worker"]["alive"] is True and body["receipts"]["waiting"] == 0


def test_the_bare_healthz_still_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
