"""Who may do what with a commune's consultation, as a matrix of role × scope × action: its
drafting body's officers and leaders manage it; the staff whose grants cover the body read
everything, hidden comments included; the public reads only what is published; a commenter
reads their own hidden comment. The same answers from the lists and from the permissions."""

from __future__ import annotations

import pytest
import time_machine

from danvan.participation import access_consultations as access
from danvan.participation.services import consultations as svc

from .test_consultations_services import NOW, comment, make_consultation

pytestmark = pytest.mark.django_db

# person → (reads as staff, manages: edits, opens, moderates, answers, publishes)
EXPECTED = {
    "c1_officer": (True, True),
    "c1_leader": (True, True),
    "c1_front_officer": (False, False),  # another body of the same commune, unit grant
    "c2_officer": (False, False),
    "city_officer": (False, False),  # a unit grant on the city's own body
    "city_leader": (True, False),  # subtree over Hà Nội: reads, does not draft for c1
    "city_front_leader": (True, False),
    "other_officer": (False, False),  # another province
    "citizen": (False, False),
    "stranger": (False, False),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
@time_machine.travel(NOW)
def test_permission_matrix(participating, name) -> None:  # type: ignore[no-untyped-def]
    p = participating
    c = make_consultation(p, upload=False)
    user = getattr(p, name)
    reads, manages = EXPECTED[name]
    assert user.has_perm("participation.view_consultation", c) is reads
    assert access.consultations_for(user).filter(pk=c.pk).exists() is reads
    assert user.has_perm("participation.change_consultation", c) is manages
    assert user.has_perm("participation.add_consultation", p.c1) is manages
    assert user.has_perm("participation.delete_consultation", c) is False
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    made = comment(c, p.stranger if name != "stranger" else p.citizen, part=None)
    svc.hide_comment(comment=made, reason="Spam", actor=p.c1_officer)
    assert user.has_perm("participation.moderate_consultation_comment", made) is manages
    assert user.has_perm("participation.answer_consultation_comment", made) is manages
    assert user.has_perm("participation.view_consultation_comment", made) is reads
    assert access.comments_for(user).filter(pk=made.pk).exists() is reads


@time_machine.travel(NOW)
def test_the_public_reads_published_comments_and_the_author_their_hidden_one(participating):
    p = participating
    c = make_consultation(p, upload=False)
    assert not access.public_consultations().filter(pk=c.pk).exists()  # still being prepared
    svc.open_consultation(consultation=c, actor=p.c1_officer)
    shown = comment(c, p.citizen, part=None)
    hidden = comment(c, p.stranger, key="k2", part=None)
    svc.hide_comment(comment=hidden, reason="Lạc đề", actor=p.c1_officer)
    assert list(access.public_comments(c)) == [shown]
    assert p.citizen.has_perm("participation.view_consultation_comment", shown)
    assert not p.citizen.has_perm("participation.view_consultation_comment", hidden)
    assert p.stranger.has_perm("participation.view_consultation_comment", hidden)
    assert list(access.own_comments(p.stranger, c)) == [hidden]


@time_machine.travel(NOW)
def test_an_officer_comments_for_their_own_bodies_but_not_the_drafting_body(participating):
    p = participating
    c = make_consultation(p, upload=False)
    assert list(access.comment_bodies_for(p.c1_front_officer, c)) == [p.c1_front]
    assert not access.comment_bodies_for(p.c1_officer, c).exists()
    assert not access.comment_bodies_for(p.citizen, c).exists()
