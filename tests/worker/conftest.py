import pytest

from danvan.cases import worker as worker_module
from danvan.cases.services.intake import PersonData, Submission, receive


@pytest.fixture
def pauses(monkeypatch):
    """The worker's pauses, recorded instead of slept; its connections left open (the test's
    transaction holds them)."""
    slept: list[float] = []
    closed: list[bool] = []
    monkeypatch.setattr(worker_module, "sleep", slept.append)
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker_module, "close_connections", lambda: closed.append(True))
    return slept, closed


def make_worker() -> worker_module.Worker:
    return worker_module.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def receive_one(network, key: str = "chaos-1"):
    """A receipt from the API, waiting; no task queued (the test's transaction never
    commits, so the web's on-commit queueing does not run)."""
    return receive(
        submission=Submission(
            title="Đèn đường hỏng",
            content="Đèn chiếu sáng đầu ngõ 5 hỏng đã hai tuần, buổi tối rất tối.",
            channel="api",
            unit=network.commune_a1.unit,
            person=PersonData(full_name="Lê Thị Gửi", phone="0912000111", consent=True),
        ),
        idempotency_key=key,
        client="test",
    )
