"""The demo's "Dân vận khéo" models: dozens, labelled, illustrated, at every stage, with this
year's recognitions on the leader's dashboard; seeding again adds nothing."""

import datetime as dt
import io
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from danvan.demo import pictures
from danvan.exemplars.models import EvidenceFile, EvidenceKind, Exemplar, Replication

TODAY = dt.datetime(2026, 12, 4, 10, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.mark.django_db
def test_the_demo_shows_dozens_of_illustrated_models_and_seeding_again_adds_none(
    settings, tmp_path, client
):
    """One seed for every check (the whole demo seed takes seconds)."""
    from danvan.accounts.models import User
    from danvan.demo.exemplars import seed_demo_exemplars
    from danvan.demo.services import DEMO_PROVINCES
    from danvan.org.models import AdminUnit
    from danvan.portal import dashboards

    settings.MEDIA_ROOT = tmp_path
    # Today in the seed's year: its decisions are not in the future, and "this year" on the
    # dashboard is 2026.
    with time_machine.travel(TODAY, tick=False):
        call_command("seed", profile="demo", quiet=True, history_months=0)

        # Dozens of models, labelled, of both kinds and every field, at every stage.
        models = Exemplar.objects.all()
        assert 40 <= models.count() <= 50
        assert all(name.endswith(" (demo)") for name in models.values_list("name", flat=True))
        assert {"collective", "individual"} == set(models.values_list("kind", flat=True))
        assert len(set(models.values_list("field", flat=True))) == 4
        states = Counter(models.values_list("state", flat=True))
        assert {"registered", "building", "evaluated", "not_recognized"} <= set(states)
        assert states["recognized"] > models.count() / 2
        years = Counter(d.year for d in models.values_list("recognized_on", flat=True) if d)
        assert {2024, 2025, 2026} == set(years)
        assert Replication.objects.count() >= 10
        # Spread over the provinces' communes, not a few of them.
        assert models.values("unit").distinct().count() == models.count()

        # Each has a valid picture, public only for a collective or a person who agreed.
        photos = EvidenceFile.objects.filter(kind=EvidenceKind.PHOTO)
        assert set(photos.values_list("exemplar", flat=True)) == set(
            models.values_list("pk", flat=True)
        )
        for photo in photos[:5]:
            with photo.file.open("rb") as f, Image.open(f) as image:
                image.verify()
                assert image.size == (pictures.WIDTH, pictures.HEIGHT)
            assert photo.content_type == "image/jpeg" and "(demo)" in photo.caption
        assert all(p.exemplar.shows_holder_publicly for p in photos.filter(public=True))
        shown = models.filter(state="recognized", kind="collective").first()
        page = client.get(reverse("exemplars:public_detail", args=[shown.pk]))
        assert page.content.decode().count('data-testid="photo"') == 2
        public = photos.filter(exemplar=shown).first()
        response = client.get(reverse("exemplars:photo", args=[shown.pk, public.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"

        # The leader's dashboard counts this year's recognitions.
        with translation.override("en"):
            board = dashboards.leader(User.objects.get(username="lanhdao"))
        figure = next(f for f in board.others if "recognized this year" in f.label)
        assert int(figure.value) >= 3

        # Seeding the models again creates nothing.
        counts = (models.count(), EvidenceFile.objects.count(), Replication.objects.count())
        provinces = list(AdminUnit.objects.current().provinces().filter(code__in=DEMO_PROVINCES))
        assert seed_demo_exemplars(provinces=provinces, year=2026) == 0
        assert (
            models.count(),
            EvidenceFile.objects.count(),
            Replication.objects.count(),
        ) == counts


def test_the_pictures_are_deterministic_and_labelled_even_without_a_vietnamese_font(monkeypatch):
    first = pictures.demo_picture(title="Thôn Đông (demo)", field="economy", seed="a")
    assert first == pictures.demo_picture(title="Thôn Đông (demo)", field="economy", seed="a")
    assert first != pictures.demo_picture(title="Thôn Đông (demo)", field="economy", seed="b")
    assert 10_000 < len(first) < 150_000

    # No font with the Vietnamese letters: no name (it would show boxes), still a picture.
    monkeypatch.setattr(pictures, "vietnamese_font", lambda size: None)
    bare = pictures.demo_picture(title="Thôn Đông (demo)", field="culture_society", seed="a")
    with Image.open(io.BytesIO(bare)) as image:
        image.verify()
        assert image.format == "JPEG" and image.size == (pictures.WIDTH, pictures.HEIGHT)
