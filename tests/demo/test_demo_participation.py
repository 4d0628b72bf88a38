"""The demo's comments on drafts and the Front's supervision and critique, in the demo
officer's ward: the records at the expected stages, seen by the demo logins, and seeding
again creates nothing. Only what they need is set up (the ward's bodies and the demo logins),
not the whole demo."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from danvan.accounts.models import User
from danvan.demo.consultations import CLOSED_TITLE, HIDDEN_REASON, OPEN_TITLE
from danvan.demo.consultations import seed_demo_consultations as seed_consultations
from danvan.demo.network import ensure_bodies
from danvan.demo.people import demo_logins, ensure_login
from danvan.demo.services import DEMO_OFFICER_COMMUNE, DEMO_PROVINCES
from danvan.demo.supervision import PROGRAMME_TITLE
from danvan.demo.supervision import seed_demo_supervision as seed_supervision
from danvan.lib.dates import today
from danvan.org.models import AdminUnit
from danvan.participation.models import (
    BoardKind,
    BoardReport,
    Comment,
    CommentAnswer,
    CommentState,
    Consultation,
    ConsultationState,
    ContactCheck,
    Critique,
    CritiqueState,
    Delegation,
    DraftPart,
    Finding,
    InspectionBoard,
    PartKind,
    Recommendation,
    RecommendationResponse,
    RecommendationState,
    SupervisionProgramme,
)

pytestmark = pytest.mark.django_db

MODELS = (
    Consultation,
    DraftPart,
    Comment,
    CommentAnswer,
    ContactCheck,
    SupervisionProgramme,
    Delegation,
    Finding,
    Recommendation,
    RecommendationResponse,
    Critique,
    InspectionBoard,
    BoardReport,
)


@pytest.fixture
def seeded(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The ward's and the city's bodies, the demo logins, then the two seeds."""
    settings.MEDIA_ROOT = tmp_path
    units = AdminUnit.objects.current().filter(code__in=[DEMO_PROVINCES[0], DEMO_OFFICER_COMMUNE])
    ensure_bodies(units)
    for spec in demo_logins(DEMO_PROVINCES[0], DEMO_OFFICER_COMMUNE):
        ensure_login(spec)
    assert seed_consultations(officer_commune=DEMO_OFFICER_COMMUNE) == 2
    assert seed_supervision(officer_commune=DEMO_OFFICER_COMMUNE) == 1


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


def test_the_open_draft_is_split_and_commented_on_one_comment_hidden_with_its_reason(seeded):
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    assert consultation.state == ConsultationState.OPEN and consultation.file
    assert consultation.opens_on < today() < consultation.closes_on
    kinds = Counter(consultation.parts.values_list("kind", flat=True))
    assert kinds[PartKind.CHAPTER] >= 3 and kinds[PartKind.ARTICLE] >= 8
    assert kinds[PartKind.CLAUSE] > 0 and kinds[PartKind.POINT] > 0
    comments = consultation.comments.all()
    assert 10 <= comments.count() <= 14
    assert {"agree", "disagree", "other"} == set(comments.values_list("stance", flat=True))
    assert {"account", "contact"} == set(comments.values_list("author_kind", flat=True))
    assert comments.filter(user__username="congdan").exists()
    assert comments.exclude(proposed_wording="").count() >= 3
    assert comments.filter(part__isnull=False).values("part").distinct().count() >= 8
    hidden = comments.get(state=CommentState.HIDDEN)
    assert hidden.hidden_reason == HIDDEN_REASON and hidden.hidden_at > hidden.submitted_at
    assert all(c.submitted_at.date() <= today() for c in comments)


def test_last_months_draft_is_closed_every_comment_answered_and_its_synthesis_published(
    seeded, client
):
    consultation = Consultation.objects.get(title=CLOSED_TITLE)
    assert consultation.state == ConsultationState.PUBLISHED
    assert consultation.closes_on < today().replace(day=1)
    assert consultation.published_at is not None
    assert consultation.published_at.date() <= today()
    comments = consultation.comments.all()
    assert comments.count() >= 5 and not comments.filter(answer__isnull=True).exists()
    outcomes = set(
        CommentAnswer.objects.filter(comment__consultation=consultation).values_list(
            "outcome", flat=True
        )
    )
    assert outcomes == {"accepted", "partly", "explained"}
    page = client.get(reverse("participation_public:synthesis", args=[consultation.pk]))
    assert page.status_code == 200
    assert "nhà văn hóa" in page.content.decode()


def test_the_front_supervises_the_ward_committee_with_recommendations_at_every_stage(seeded):
    programme = SupervisionProgramme.objects.get(title=PROGRAMME_TITLE)
    committee = programme.delegations.get().bodies.get()
    assert programme.organizer.kind == "fatherland_front"
    assert committee.kind == "peoples_committee"
    assert programme.organizer.unit == committee.unit
    assert programme.findings.count() == 3
    recs = programme.recommendations.all()
    assert recs.count() == 4 and {r.addressed_to for r in recs} == {committee}
    states = Counter(recs.values_list("state", flat=True))
    assert states == {"done": 1, "answered": 1, "sent": 2}
    overdue = recs.filter(state=RecommendationState.SENT, due_on__lt=today())
    soon = recs.filter(state=RecommendationState.SENT, due_on__gte=today())
    assert overdue.count() == 1 and soon.count() == 1
    assert RecommendationResponse.objects.filter(recommendation__in=recs).count() == 2
    assert programme.published_at is not None  # its public summary has content

    critiques = Critique.objects.filter(organizer=programme.organizer)
    assert Counter(critiques.values_list("state", flat=True)) == {"replied": 1, "sent": 1}
    awaiting = critiques.get(state=CritiqueState.SENT)
    assert awaiting.reply_due_on and awaiting.reply_due_on > today()
    assert awaiting.consultation == Consultation.objects.get(title=OPEN_TITLE)
    boards = InspectionBoard.objects.filter(commune_body=programme.organizer)
    assert set(boards.values_list("kind", flat=True)) == {
        BoardKind.INSPECTION,
        BoardKind.INVESTMENT,
    }
    assert all(b.reports.count() == 1 for b in boards)


def test_the_demo_logins_see_the_pages(seeded, client):
    consultation = Consultation.objects.get(title=OPEN_TITLE)
    programme = SupervisionProgramme.objects.get(title=PROGRAMME_TITLE)
    overdue = programme.recommendations.filter(state="sent").order_by("due_on").first()
    critique = Critique.objects.get(state="sent")
    board = InspectionBoard.objects.get(kind=BoardKind.INSPECTION)

    # The ward's officer: the consultations to manage, the recommendation and the critique
    # addressed to the People's Committee.
    client.force_login(User.objects.get(username="canbo"))
    assert client.get(reverse("participation:consultations")).status_code == 200
    hidden = consultation.comments.get(state=CommentState.HIDDEN)
    page = client.get(
        reverse("participation:consultation_comments", args=[consultation.pk]),
        {"phan": hidden.part_id},
    )
    assert page.status_code == 200 and HIDDEN_REASON[:40] in page.content.decode()
    awaiting = client.get(reverse("participation:supervision_awaiting")).content.decode()
    assert overdue.text[:30] in awaiting
    for name, pk in (
        ("supervision_recommendation", overdue.pk),
        ("supervision_critique", critique.pk),
    ):
        assert client.get(reverse(f"participation:{name}", args=[pk])).status_code == 200

    # The city's leader reads the Front's programme, critiques and boards.
    client.force_login(User.objects.get(username="lanhdao"))
    for name, pk in (
        ("supervision_programme", programme.pk),
        ("supervision_critique", critique.pk),
        ("supervision_board", board.pk),
    ):
        assert client.get(reverse(f"participation:{name}", args=[pk])).status_code == 200

    # The citizen: the open draft's public page, with their own comment.
    client.force_login(User.objects.get(username="congdan"))
    page = client.get(reverse("participation_public:consultation", args=[consultation.pk]))
    assert page.status_code == 200


def test_seeding_again_creates_nothing(seeded):
    before = _counts()
    assert seed_consultations(officer_commune=DEMO_OFFICER_COMMUNE) == 0
    assert seed_supervision(officer_commune=DEMO_OFFICER_COMMUNE) == 0
    assert _counts() == before
