"""Merging duplicate matters: one level deep, audited, within the officer's remit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases.duplicates import group_of, similar_cases
from danvan.cases.models import Case, EventKind, Visibility
from danvan.cases.services.merging import merge_duplicates

from .conftest import FLOODING, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(network):
    return [make_case(network, FLOODING, phone="0912 345 678") for _ in range(3)]


def _fresh(case):
    return Case.objects.get(pk=case.pk)


def test_merge_marks_the_duplicates_and_records_it(officer, three):
    primary, a, b = three
    merge_duplicates(actor=officer, primary=primary, duplicates=[a, b], reason=" Cùng nội dung ")
    for dup in (a, b):
        saved = _fresh(dup)
        assert saved.duplicate_of_id == primary.pk
        assert saved.duplicate_reason == "Cùng nội dung"
        assert saved.history.latest().history_user == officer
        note = saved.events.get(kind=EventKind.NOTE)
        assert note.visibility == Visibility.INTERNAL
        assert primary.tracking_code in note.text
        assert note.actor == officer
    assert a.duplicate_of == primary  # the caller's objects follow
    note = primary.events.get(kind=EventKind.NOTE)
    assert a.tracking_code in note.text and b.tracking_code in note.text
    assert _fresh(primary).duplicate_of_id is None
    # Nothing else moves.
    assert _fresh(a).state == "received" and a.events.count() == 2


def test_a_duplicate_of_a_duplicate_joins_the_main_matter(officer, three):
    primary, a, b = three
    merge_duplicates(actor=officer, primary=primary, duplicates=[a], reason="Trùng")
    merge_duplicates(actor=officer, primary=_fresh(a), duplicates=[b], reason="Trùng")
    assert _fresh(b).duplicate_of_id == primary.pk


@pytest.mark.parametrize("which", ["self", "own_primary", "itself_via_primary"])
def test_no_self_or_cycles(officer, three, which):
    primary, a, _ = three
    merge_duplicates(actor=officer, primary=primary, duplicates=[a], reason="Trùng")
    main, dup = {
        "self": (primary, primary),
        "own_primary": (_fresh(a), primary),
        "itself_via_primary": (_fresh(a), _fresh(a)),
    }[which]
    with pytest.raises(ValidationError):
        merge_duplicates(actor=officer, primary=main, duplicates=[dup], reason="Trùng")
    assert _fresh(primary).duplicate_of_id is None


def test_a_main_matter_cannot_become_a_duplicate(officer, three):
    primary, a, b = three
    merge_duplicates(actor=officer, primary=primary, duplicates=[a], reason="Trùng")
    # The message names the matter that already heads a group (in any language).
    with pytest.raises(ValidationError, match=primary.tracking_code):
        merge_duplicates(actor=officer, primary=b, duplicates=[primary], reason="Trùng")
    assert _fresh(primary).duplicate_of_id is None


@pytest.mark.parametrize(("dups", "reason"), [(None, "   "), ([], "Trùng")])
def test_bad_input(officer, three, dups, reason):
    primary, a, _ = three
    with pytest.raises(ValidationError):
        merge_duplicates(
            actor=officer,
            primary=primary,
            duplicates=[a] if dups is None else dups,
            reason=reason,
        )
    assert _fresh(a).duplicate_of_id is None


def test_the_reason_fits_the_column(officer, three):
    primary, a, _ = three
    with pytest.raises(ValidationError):
        merge_duplicates(actor=officer, primary=primary, duplicates=[a], reason="x" * 201)


def test_only_officers_who_may_change_every_matter(network, officer, outsider, three):
    primary, a, _ = three
    elsewhere = make_case(network, FLOODING, unit=network.commune_b1.unit)
    with pytest.raises(PermissionDenied):
        merge_duplicates(actor=outsider, primary=primary, duplicates=[a], reason="Trùng")
    with pytest.raises(PermissionDenied):
        merge_duplicates(actor=officer, primary=primary, duplicates=[a, elsewhere], reason="Trùng")
    assert _fresh(a).duplicate_of_id is None


def test_group_of(officer, outsider, three):
    primary, a, b = three
    assert group_of(primary).cases == (primary,)
    merge_duplicates(actor=officer, primary=primary, duplicates=[b, a], reason="Trùng")
    for member in three:
        group = group_of(_fresh(member))
        assert group.primary == primary
        assert group.duplicates == (a, b)
    assert group_of(_fresh(a), user=outsider).duplicates == ()


def test_suggestions_still_show_merged_matters(officer, three):
    primary, a, _ = three
    merge_duplicates(actor=officer, primary=primary, duplicates=[a], reason="Trùng")
    assert a.pk in {s.case.pk for s in similar_cases(case=_fresh(primary))}
