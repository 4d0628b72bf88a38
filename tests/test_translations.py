"""The Vietnamese catalogues are complete: no page falls back to English in Vietnamese."""

from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "danvan"


@pytest.mark.parametrize("catalogue", ["locale", "locale_vendor"])
def test_vietnamese_catalogue_is_fully_translated(catalogue):
    po = polib.pofile(str(SRC / catalogue / "vi" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
