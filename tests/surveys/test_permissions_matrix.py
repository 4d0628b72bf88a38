"""Who may do what with a commune's survey, as a matrix of role × scope × action: a
commune's results are its own, a province sees its subtree, nobody builds another body's
survey. The same answers from `access` (lists) and from the permissions (one record)."""

from __future__ import annotations

import pytest

from danvan.surveys import access
from danvan.surveys.services.building import create_survey

pytestmark = pytest.mark.django_db

# person → (reads results, builds, enters paper forms) for a survey of commune c1
EXPECTED = {
    "c1_officer": (True, True, True),
    "c1_leader": (True, True, True),
    "c2_officer": (False, False, False),
    "province_officer": (False, False, False),  # a unit grant on the province's own body
    "province_leader": (True, False, True),  # subtree: reads and enters, builds at its level
    "other_officer": (False, False, False),
    "stranger": (False, False, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_permission_matrix(surveying, name) -> None:  # type: ignore[no-untyped-def]
    survey = create_survey(owner=surveying.c1, title="Khảo sát", actor=surveying.c1_officer)
    user = getattr(surveying, name)
    reads, builds, enters = EXPECTED[name]
    assert user.has_perm("surveys.view_survey", survey) is reads
    assert access.surveys_for(user).filter(pk=survey.pk).exists() is reads
    assert user.has_perm("surveys.change_survey", survey) is builds
    assert user.has_perm("surveys.add_survey", surveying.c1) is builds
    assert user.has_perm("surveys.enter_paper", survey) is enters
    assert user.has_perm("surveys.delete_survey", survey) is False


def test_a_province_survey_is_built_by_the_provinces_own_staff(surveying) -> None:  # type: ignore[no-untyped-def]
    s = surveying
    assert s.province_officer.has_perm("surveys.add_survey", s.province)
    assert s.province_leader.has_perm("surveys.add_survey", s.province)
    assert not s.c1_officer.has_perm("surveys.add_survey", s.province)
