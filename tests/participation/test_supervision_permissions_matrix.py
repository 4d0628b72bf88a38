"""Who may do what in the Front's supervision, as a matrix of person (role × scope × body)
× action: the conducting Front body's own officers and leaders manage; whoever's grants
cover the conducting body reads (a commune's records are its own, a province sees its
subtree); the addressed body sees its recommendation and responds; nobody else. The same
answers from the accessors (lists) and from the permissions (one record)."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.participation import access_supervision as access
from danvan.participation.models import BoardKind, CritiqueForm
from danvan.participation.services import supervision as services

from .test_supervision_fixtures import *  # noqa: F403 - the fixtures
from .test_supervision_fixtures import make_supervised

pytestmark = pytest.mark.django_db

PEOPLE = [
    "city_officer",
    "city_leader",
    "city_front_officer",
    "city_front_leader",
    "c1_officer",
    "c1_leader",
    "c1_front_officer",
    "c2_officer",
    "other_officer",
    "citizen",
    "stranger",
]

# A programme of the city's Front, its recommendation to commune c1's People's Committee:
# person → (reads the programme, manages it, sees the recommendation, responds, closes it)
CITY = {
    "city_officer": (False, False, False, False, False),  # the supervised city's unit grant
    "city_leader": (True, False, True, False, False),  # subtree: reads, manages nothing
    "city_front_officer": (True, True, True, True, True),
    "city_front_leader": (True, True, True, True, True),
    "c1_officer": (False, False, True, True, False),  # the addressed body
    "c1_leader": (False, False, True, True, False),
    "c1_front_officer": (False, False, False, False, False),
    "c2_officer": (False, False, False, False, False),
    "other_officer": (False, False, False, False, False),
    "citizen": (False, False, False, False, False),
    "stranger": (False, False, False, False, False),
}

# A programme of commune c1's own Front, its recommendation to c1's People's Committee.
COMMUNE = {
    "city_officer": (False, False, False, False, False),
    "city_leader": (True, False, True, False, False),  # the province sees its subtree
    "city_front_officer": (False, False, False, False, False),  # a unit grant on the city
    "city_front_leader": (True, False, True, False, False),  # subtree: reads, not manages
    "c1_officer": (False, False, True, True, False),
    "c1_leader": (False, False, True, True, False),
    "c1_front_officer": (True, True, True, True, True),  # the commune's records are its own
    "c2_officer": (False, False, False, False, False),
    "other_officer": (False, False, False, False, False),
    "citizen": (False, False, False, False, False),
    "stranger": (False, False, False, False, False),
}


def _check(user, s, expected) -> None:  # type: ignore[no-untyped-def]
    reads, manages, sees, responds, closes = expected
    programme, rec = s.programme, s.rec
    assert user.has_perm("participation.view_supervisionprogramme", programme) is reads
    assert access.programmes_for(user).filter(pk=programme.pk).exists() is reads
    assert access.findings_for(user).filter(pk=s.finding.pk).exists() is reads
    assert access.delegations_for(user).filter(pk=s.delegation.pk).exists() is reads
    assert user.has_perm("participation.change_supervisionprogramme", programme) is manages
    assert user.has_perm("participation.add_supervisionprogramme", programme.organizer) is manages
    assert user.has_perm("participation.view_recommendation", rec) is sees
    assert access.recommendations_for(user).filter(pk=rec.pk).exists() is sees
    assert user.has_perm("participation.respond_recommendation", rec) is responds
    assert user.has_perm("participation.close_recommendation", rec) is closes
    assert user.has_perm("participation.delete_supervisionprogramme", programme) is False


@pytest.mark.parametrize("name", PEOPLE)
def test_matrix_of_a_city_fronts_programme(participating, frozen, name) -> None:  # type: ignore[no-untyped-def]
    s = make_supervised(participating)
    _check(getattr(participating, name), s, CITY[name])


@pytest.mark.parametrize("name", PEOPLE)
def test_matrix_of_a_commune_fronts_programme(participating, frozen, name) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p, organizer=p.c1_front, actor=p.c1_front_officer)
    _check(getattr(p, name), s, COMMUNE[name])


# A critique by the city's Front of the city People's Committee's draft:
# person → (reads, manages, replies)
CRITIQUE = {
    "city_officer": (True, False, True),  # the drafting body sees its critique and replies
    "city_leader": (True, False, True),
    "city_front_officer": (True, True, True),
    "city_front_leader": (True, True, True),
    "c1_officer": (False, False, False),
    "c1_leader": (False, False, False),
    "c1_front_officer": (False, False, False),
    "c2_officer": (False, False, False),
    "other_officer": (False, False, False),
    "citizen": (False, False, False),
    "stranger": (False, False, False),
}


@pytest.mark.parametrize("name", PEOPLE)
def test_matrix_of_a_critique(participating, frozen, name) -> None:  # type: ignore[no-untyped-def]
    p = participating
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo",
        drafting_body=p.city,
        form=CritiqueForm.WRITTEN,
        received_on=dt.date(2026, 11, 1),
        actor=p.city_front_officer,
    )
    user = getattr(p, name)
    reads, manages, replies = CRITIQUE[name]
    assert user.has_perm("participation.view_critique", critique) is reads
    assert access.critiques_for(user).filter(pk=critique.pk).exists() is reads
    assert user.has_perm("participation.change_critique", critique) is manages
    assert user.has_perm("participation.reply_critique", critique) is replies


# Commune c1's People's Inspection Board: person → (reads, manages)
BOARD = {
    "city_officer": (False, False),
    "city_leader": (True, False),
    "city_front_officer": (False, False),
    "city_front_leader": (True, False),
    "c1_officer": (False, False),
    "c1_leader": (False, False),
    "c1_front_officer": (True, True),
    "c2_officer": (False, False),
    "other_officer": (False, False),
    "citizen": (False, False),
    "stranger": (False, False),
}


@pytest.mark.parametrize("name", PEOPLE)
def test_matrix_of_a_communes_board(participating, frozen, name) -> None:  # type: ignore[no-untyped-def]
    p = participating
    board = services.create_board(
        commune_body=p.c1_front,
        kind=BoardKind.INSPECTION,
        name="Ban Thanh tra nhân dân",
        members="A\nB",
        term_from=dt.date(2024, 10, 1),
        term_to=dt.date(2029, 9, 30),
        actor=p.c1_front_officer,
    )
    user = getattr(p, name)
    reads, manages = BOARD[name]
    assert user.has_perm("participation.view_inspectionboard", board) is reads
    assert access.boards_for(user).filter(pk=board.pk).exists() is reads
    assert user.has_perm("participation.change_inspectionboard", board) is manages


def test_staff_use_the_module_and_citizens_do_not(participating) -> None:  # type: ignore[no-untyped-def]
    p = participating
    assert p.c1_officer.has_perm("participation.supervision")
    assert not p.citizen.has_perm("participation.supervision")
    assert not p.stranger.has_perm("participation.supervision")


def test_a_superuser_sees_and_manages_everything(participating, frozen, django_user_model) -> None:  # type: ignore[no-untyped-def]
    s = make_supervised(participating)
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert root.has_perm("participation.change_supervisionprogramme", s.programme)
    assert access.recommendations_for(root).filter(pk=s.rec.pk).exists()
