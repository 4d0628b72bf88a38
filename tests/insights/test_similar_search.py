"""Similar texts by meaning and characters, only among the texts the user may read; the
matter page's duplicate suggestions by meaning when vectors exist."""

from __future__ import annotations

import pytest

from danvan.cases.duplicates import SIMILAR_TEXT, likely_duplicates, similar_cases
from danvan.cases.models import Case, CaseKind
from danvan.insights.selectors.similar import similar_texts
from danvan.insights.services.embeddings import embed_new
from danvan.insights.similarity import store
from danvan.insights.similarity.pairs import MATTERS
from tests.duplicates.conftest import make_case
from tests.factories import Role, Scope, user_with

from .conftest import make_text

pytestmark = pytest.mark.django_db

_, FLOOD, FLOOD_REWORDED, FLOOD_OTHER = MATTERS[0]
LAND = MATTERS[1][1]


@pytest.fixture(autouse=True)
def _fresh_store():
    store.forget()
    yield
    store.forget()


def _matter(network, content, *, org=None, unit=None, kind=None, sensitive=False):
    unit = unit or network.commune_a1.unit
    case = make_case(network, ("Phản ánh", content), unit=unit)
    updates = {"organization": org or network.commune_a1_committee}
    if kind:
        updates["kind"] = kind
    Case.objects.filter(pk=case.pk).update(**updates)
    text = make_text(
        content,
        unit=unit,
        source_id=case.pk,
        case_kind=kind or "",
        restricted=kind == CaseKind.DENUNCIATION,
        sensitive=sensitive,
    )
    return Case.objects.get(pk=case.pk), text


def test_similar_texts_never_returns_what_the_user_may_not_read(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    _case, mine = _matter(network, FLOOD)
    # A denunciation handled by another body, and a text marked sensitive: both as close.
    _case, denunciation = _matter(
        network, FLOOD_REWORDED, org=network.commune_a2, kind=CaseKind.DENUNCIATION
    )
    _case, sensitive = _matter(network, FLOOD + " Việc này liên quan đến nhà thờ.", sensitive=True)
    embed_new()

    found = {r.text.pk for r in similar_texts(officer, FLOOD_REWORDED, limit=10)}
    assert found == {mine.pk}
    # The leader over both bodies reads the denunciation (its matter's rules), never the
    # sensitive text: the denunciation was close enough to be found.
    by_leader = {r.text.pk for r in similar_texts(leader, FLOOD_REWORDED, limit=10)}
    assert denunciation.pk in by_leader and mine.pk in by_leader
    assert sensitive.pk not in by_leader
    outsider = user_with(network.commune_b1, Role.OFFICER, Scope.SUBTREE)
    assert similar_texts(outsider, FLOOD_REWORDED) == []


def test_a_reworded_matter_is_found_first_by_meaning(network):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    _case, flood = _matter(network, FLOOD)
    _case, other = _matter(network, FLOOD_OTHER)
    _case, land = _matter(network, LAND)
    embed_new()
    got = similar_texts(leader, FLOOD_REWORDED, limit=3)
    assert got[0].text.pk == flood.pk
    assert got[0].meaning is not None and got[0].meaning > got[0].characters
    assert {r.text.pk for r in got} <= {flood.pk, other.pk, land.pk}


def test_duplicate_suggestions_use_meaning_when_vectors_exist(network):
    original, _t = _matter(network, FLOOD)
    # Written again in other words, at another commune: no sender, no place in common.
    reworded, _t = _matter(
        network, FLOOD_REWORDED, unit=network.commune_a2.unit, org=network.commune_a2
    )
    before = {s.case.pk: s.reasons for s in similar_cases(case=original)}
    assert reworded.pk not in before  # the characters alone miss it
    embed_new()
    after = {s.case.pk: s.reasons for s in likely_duplicates(case=original)}
    assert after.get(reworded.pk) == (SIMILAR_TEXT,)
    # Only matters the user may see: an officer of the first commune does not see the other.
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    assert reworded.pk not in {s.case.pk for s in similar_cases(case=original, user=officer)}
