import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from danvan.cases.models import Case
from danvan.cases.services.intake import submit
from danvan.cases.services.retention import purge_personal_data
from tests.cases.conftest import submission

pytestmark = pytest.mark.django_db


def test_personal_data_of_old_closed_matters_is_erased_and_the_matter_kept(network, settings):
    settings.CASE_PERSONAL_DATA_RETENTION_DAYS = 30
    old = submit(submission=submission(network), client="test", idempotency_key="old").case
    recent = submit(submission=submission(network), client="test", idempotency_key="recent").case
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    Case.objects.filter(pk=recent.pk).update(closed_at=timezone.now() - dt.timedelta(days=5))
    assert purge_personal_data(dry_run=True) == 1
    assert old.petitioner.data()["phone"]  # dry run changed nothing
    call_command("purge_personal_data")
    old.petitioner.refresh_from_db()
    recent.petitioner.refresh_from_db()
    assert old.petitioner.data() == dict.fromkeys(old.petitioner.data(), "")
    assert old.petitioner.phone_index == ""
    assert recent.petitioner.data()["phone"] == "0912 345 678"
    assert Case.objects.filter(pk=old.pk).exists()
