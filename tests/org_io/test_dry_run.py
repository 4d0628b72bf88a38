import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.org.models import Organization
from danvan.org.services import tree_io
from tests.org_io.conftest import org_row

pytestmark = pytest.mark.django_db


def test_dry_run_reports_what_would_change_and_changes_nothing(network, write_csv):
    renamed = {**tree_io.row_for(network.central), "name": "Tên mới"}
    path = write_csv([renamed, org_row("X-NEW", parent_code="TW-BTGDV")])
    before, history = Organization.objects.count(), Organization.history.count()
    out = io.StringIO()

    call_command("org_import", str(path), "--dry-run", stdout=out)

    assert "Dry run: nothing was changed." in out.getvalue()
    assert "Created 1, updated 1, unchanged 0." in out.getvalue()
    assert Organization.objects.count() == before
    assert Organization.history.count() == history
    network.central.refresh_from_db()
    assert network.central.name == "Ban Tuyên giáo và Dân vận Trung ương"


def test_dry_run_of_a_bad_file_fails_like_a_real_import(network, write_csv):
    path = write_csv([org_row("X-NEW", kind="")])

    with pytest.raises(CommandError):
        call_command("org_import", str(path), "--dry-run", stdout=io.StringIO())
