"""Segmentation keeps the names of bodies and places whole, spells abbreviations out, and
reads a text written without marks as the same words; the sensitive-word check."""

from __future__ import annotations

import pytest

from danvan.insights.language import dictionary, segment, sensitive


@pytest.mark.django_db
def test_place_names_of_the_national_list_are_kept_whole() -> None:
    from danvan.org.models import AdminUnit

    commune = AdminUnit.objects.current().filter(level="commune", short_name__contains=" ").first()
    assert commune is not None
    words = segment.words(f"Đường liên thôn ở {commune.short_name} xuống cấp nghiêm trọng")
    assert dictionary.token(commune.short_name) in words


@pytest.mark.django_db
def test_an_abbreviation_and_the_full_name_are_one_word() -> None:
    short = segment.words("UBND xã chậm giải quyết hồ sơ")
    full = segment.words("Ủy ban nhân dân xã chậm giải quyết hồ sơ")
    assert "ủy_ban_nhân_dân" in short
    assert short == full


@pytest.mark.django_db
def test_a_text_without_marks_reaches_the_same_dictionary_words() -> None:
    marked = segment.words("Hộ nghèo chưa được cấp giấy chứng nhận quyền sử dụng đất")
    bare = segment.words("Ho ngheo chua duoc cap giay chung nhan quyen su dung dat")
    assert "hộ_nghèo" in marked and "hộ_nghèo" in bare
    assert "giấy_chứng_nhận_quyền_sử_dụng_đất" in bare


@pytest.mark.django_db
def test_function_words_go_but_a_household_stays() -> None:
    words = segment.words("Họ đề nghị hỗ trợ hộ gia đình có hoàn cảnh khó khăn")
    assert "họ" not in words and "đề_nghị" not in words
    assert any(w.startswith("hộ") for w in words)


@pytest.mark.django_db
def test_old_and_new_tone_placement_are_one_spelling() -> None:
    assert segment.words("thuỷ lợi hoà bình") == segment.words("thủy lợi hòa bình")


@pytest.mark.django_db
def test_numbers_and_punctuation_are_not_words() -> None:
    assert segment.words("Ngày 12/3/2026, số 45 ... !!!") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giáo xứ đề nghị trả lại đất của nhà thờ", True),
        ("Một số người kích động biểu tình trước trụ sở", True),
        ("Ton giao va tin nguong cua ba con", True),
        ("Đường liên thôn bị hỏng sau mưa lũ", False),
        ("Thực hiện dân chủ ở cơ sở và điều hành của Ủy ban", False),
        ("Hệ thống chính trị cơ sở hoạt động tốt", False),
    ],
)
def test_political_and_religious_views_are_marked_sensitive(text: str, expected: bool) -> None:
    assert sensitive.is_sensitive(text.lower().split()) is expected
