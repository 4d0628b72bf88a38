"""Free-text answers grouped by similar wording: the same words with or without diacritics,
a longer wording of the same request, kept apart from different requests."""

from __future__ import annotations

from danvan.surveys.grouping import groups


def test_answers_saying_the_same_go_together_largest_group_first() -> None:
    found = groups(
        [
            "Cần thêm ghế ngồi chờ",
            "cần thêm ghế ngồi chờ.",
            "Nên có thêm ghế ngồi chờ vào buổi sáng",
            "Công chức hướng dẫn tận tình",
            "cong chuc huong dan tan tinh",
            "Trả kết quả đúng hẹn",
            "Thời gian chờ lâu",
        ]
    )
    assert [(g.label, g.count) for g in found] == [
        ("Cần thêm ghế ngồi chờ", 3),
        ("Công chức hướng dẫn tận tình", 2),
        ("Thời gian chờ lâu", 1),
        ("Trả kết quả đúng hẹn", 1),
    ]
    assert "cong chuc huong dan tan tinh" in found[1].examples


def test_one_shared_word_is_not_enough() -> None:
    # "chờ" alone joins waiting-time complaints and seating requests: kept apart.
    found = groups(["Thời gian chờ lâu", "Thêm ghế chờ"])
    assert len(found) == 2


def test_empty_answers_are_left_out() -> None:
    assert groups(["", "   "]) == []
