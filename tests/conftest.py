"""Shared fixtures. The national units are loaded once per test database (session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command


def pytest_configure() -> None:
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # WhiteNoise warns at every start when collectstatic has never run; tests don't need it.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Hashing strength is not under test; PBKDF2 would make every login take 0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests need a live server, hence transactional tests, which empty the database
    # when they end: run them last so that the other tests keep the session's units.
    items.sort(key=lambda item: any(item.get_closest_marker(m) for m in ("browser", "flushes_db")))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from danvan.org.services import load_admin_units

    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
        load_admin_units()


@pytest.fixture(autouse=True)
def _clear_cache(request):  # type: ignore[no-untyped-def]
    # Rate-limit counters live in the cache; each test starts with none.
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        cache.clear()
    # So do the per-process units in force: ids are reused after a rollback.
    from danvan.org.selectors import forget_current_units

    forget_current_units()
    # And the per-process "a registration task is queued" mark (time_machine moves its clock).
    from danvan.cases.services.intake import registration_queue

    registration_queue.reset()


@pytest.fixture
def network(db):  # type: ignore[no-untyped-def]
    """A small organization network over real units: see tests/factories.build_network."""
    from tests.factories import build_network

    return build_network()


def restore_reference_data() -> None:
    """Transactional tests (browser tests) empty every table when they end, including the
    rows that migrations seeded. Put the reference data back when it is gone."""
    import importlib

    from django.apps import apps

    from danvan.cases.models import CaseField
    from danvan.deadlines.models import DeadlineRule
    from danvan.org.models import AdminUnit
    from danvan.org.services import load_admin_units

    if not AdminUnit.objects.exists():
        load_admin_units()
    if not CaseField.objects.exists():
        importlib.import_module("danvan.cases.migrations.0002_fields_and_routing").forwards(
            apps, None
        )
    if not DeadlineRule.objects.exists():
        # Every data migration of the rules and the calendar, in order.
        deadlines = "danvan.deadlines.migrations."
        importlib.import_module(deadlines + "0002_seed_rules").seed(apps, None)
        importlib.import_module(deadlines + "0004_rules_2026").forwards(apps, None)
        importlib.import_module(deadlines + "0005_seed_swap_days").forwards(apps, None)
        importlib.import_module(deadlines + "0007_notes_law_136").forwards(apps, None)
    from danvan.exemplars.models import SubField

    if not SubField.objects.exists():
        importlib.import_module("danvan.exemplars.migrations.0002_reference_lists").load(apps, None)
    from danvan.reports.models import CutoffRule

    if not CutoffRule.objects.exists():
        importlib.import_module("danvan.reports.migrations.0002_cutoff_rules").add(apps, None)
    from danvan.emulation.models import AwardKind

    if not AwardKind.objects.exists():
        importlib.import_module("danvan.emulation.migrations.0002_award_kinds").load(apps, None)


@pytest.fixture
def reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """For transactional tests: the units and seeded rows, put back if a previous one
    emptied the database."""
    restore_reference_data()
